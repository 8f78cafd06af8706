namespace Emergence.Reporting;

/// <summary>
/// Everything the report shows. Every figure is optional: a figure whose data is absent is left out
/// and listed as such on the page.
/// </summary>
public sealed record ReportContent
{
    /// <summary>Page title.</summary>
    public required string Title { get; init; }

    /// <summary>
    /// Set on an interim report (its runs not complete): the reason, shown as a banner at the top of
    /// index.html and tables.md. Null on a final report.
    /// </summary>
    public string? InterimNotice { get; init; }

    /// <summary>Sizes, steps, runs and seeds behind the report; demonstration scale is flagged.</summary>
    public required StudyScale Scale { get; init; }

    /// <summary>Headline findings beside the paper's values.</summary>
    public IReadOnlyList<SummaryRow> Summary { get; init; } = [];

    /// <summary>Figure 1.</summary>
    public EmergenceMapData? EmergenceMap { get; init; }

    /// <summary>Figure 2: task RankMe of the hard tasks, one panel per size.</summary>
    public IReadOnlyList<SizeTrajectories> HardTaskRankMe { get; init; } = [];

    /// <summary>Collapse window shaded in figure 2 (PROTOCOL §5: the first 200 steps).</summary>
    public long CollapseWindowSteps { get; init; } = 200;

    /// <summary>Figure 3: per-layer RankMe profiles.</summary>
    public IReadOnlyList<LayerProfile> LayerProfiles { get; init; } = [];

    /// <summary>Figure 4a.</summary>
    public NormalisedOverlay? CaseStudy { get; init; }

    /// <summary>Figure 4b.</summary>
    public PrecursorRates? PrecursorRates { get; init; }

    /// <summary>Figure 5a.</summary>
    public ScatterPoints? EarlyRankMe { get; init; }

    /// <summary>Figure 5b.</summary>
    public ConcordanceBars? Concordance { get; init; }

    /// <summary>Accuracy curves of all task-levels, one figure per size.</summary>
    public IReadOnlyList<AccuracyCurves> AccuracyCurves { get; init; } = [];

    /// <summary>Further trajectory figures of any measure.</summary>
    public IReadOnlyList<MetricTrajectory> MetricTrajectories { get; init; } = [];

    /// <summary>Tables written to tables.md and shown on the page.</summary>
    public IReadOnlyList<ReportTable> Tables { get; init; } = [];

    /// <summary>Free-text notes shown under the summary (caveats, options used).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Shown in the page footer; null leaves the time out (for reproducible pages).</summary>
    public DateTimeOffset? GeneratedAt { get; init; }

    /// <summary>Further Markdown (e.g. the analysis tables) appended to tables.md and the page.</summary>
    public string? AnalysisMarkdown { get; init; }
}
