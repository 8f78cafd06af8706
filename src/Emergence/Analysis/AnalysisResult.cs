namespace Emergence.Analysis;

/// <summary>Everything the analyses found, as written to results.json.</summary>
public sealed record AnalysisResult
{
    public required string ProgramVersion { get; init; }
    public required AnalysisOptions Options { get; init; }
    public required IReadOnlyDictionary<string, string> Conventions { get; init; }
    public required IReadOnlyList<RunSummary> Runs { get; init; }
    public required EmergenceSection Emergence { get; init; }
    public required CollapseSection CollapseFloors { get; init; }
    public required TopDownSection TopDown { get; init; }
    public required PrecursorSection Precursors { get; init; }
    public required PredictionSection Prediction { get; init; }
    public required FisherLlcSection FisherLlc { get; init; }
    public required EventPrecursorSection EventPrecursors { get; init; }
    public required LossBarrierSection LossBarriers { get; init; }
    public required SeedVariationSection SeedVariation { get; init; }
    public required ProbeLeadSection ProbeLead { get; init; }
}

/// <param name="Diverged">"diverged at step N (quantity value)" when training diverged, else null.</param>
/// <param name="NonFiniteValues">Metric values flagged NaN or infinite in the store.</param>
public sealed record RunSummary(string Label, string Model, int Seed, int Layers, string Source, int Checkpoints, long FirstStep, long LastStep, bool DenseEarly,
    string? Diverged = null, int NonFiniteValues = 0)
{
    /// <summary>What the reports say about a diverged run or flagged values; null when there is nothing to say.</summary>
    public string? Warning =>
        Diverged is null && NonFiniteValues == 0 ? null
        : $"run {Label} " + string.Join(" and ", new[]
          {
              Diverged is null ? null : $"{Diverged}: its last checkpoint is step {LastStep}, nothing after it is measured",
              NonFiniteValues == 0 ? null : $"has {NonFiniteValues} metric value(s) that came out NaN or infinite (left out, flagged in the store's non_finite table)",
          }.OfType<string>());
}

/// <summary>A number the paper reports, for side-by-side tables (PROTOCOL §7).</summary>
public sealed record PaperValue(string Finding, string V1, string? Later);

/// <param name="Baseline">The majority-answer baseline b of the task-level under the chance-corrected variant (null for the others).</param>
public sealed record EmergenceEntry(string Run, string Model, int Seed, string TaskLevel, string Variant, double Threshold, long? Step, string Status, double? Baseline = null);

public sealed record EmergenceCount(string Variant, int Emerged, int NeverEmerged, int NotComputable, int Total);

/// <param name="ChanceCorrectedDefinition">The chance-corrected rule (<see cref="ChanceCorrection"/>), reported beside the paper's.</param>
/// <param name="Baselines">Majority-answer baseline of every task-level.</param>
/// <param name="RuleUsedBy">Which emergence rule each downstream analysis uses.</param>
public sealed record EmergenceSection(string Definition, IReadOnlyList<EmergenceEntry> Entries, IReadOnlyList<EmergenceCount> Counts, PaperValue Paper,
    string ChanceCorrectedDefinition, IReadOnlyList<BaselineEntry> Baselines, IReadOnlyDictionary<string, string> RuleUsedBy);

public sealed record CollapseEntry(string Run, string Model, int Seed, string Task, string Series, CollapseFloorResult Result);

public sealed record CollapseSection(string Definition, IReadOnlyList<CollapseEntry> Entries, IReadOnlyList<FloorSummary> AcrossSizes, IReadOnlyList<PaperValue> Paper);

public sealed record TopDownEntry(string Run, string Model, int Seed, string Task, TopDownResult Result);

/// <summary>
/// Top-down counts of one model (or "all"). Chance values assume the per-layer RankMe values are in random
/// order: strict = mean over entries of 1/K! (K layers compared), weak = 1/2. Effective N for the strict rate
/// by design effect over task clusters.
/// </summary>
public sealed record TopDownCount(string Model, int Eligible, int Computable, int Strict, int Weak, int TemporalComputable, int TemporalTopDown,
    double? MeanFirstToLastReduction, double? ChanceStrict, double? ChanceWeak, EffectiveN? EffectiveNStrict);

public sealed record TopDownSection(string Definition, IReadOnlyList<TopDownEntry> Entries, IReadOnlyList<TopDownCount> Counts, PaperValue Paper);

public sealed record MeasureCost(string Measure, string Model, string? CostMetric, double? MeanSeconds, int Checkpoints, string Status);

public sealed record PrecursorSection(
    string Definition, string LagConvention, IReadOnlyList<PrecursorUnit> Units, IReadOnlyList<PrecursorAnalysis.Missing> Missing,
    IReadOnlyList<PrecursorRate> Rates, IReadOnlyList<MeasureCost> Costs, IReadOnlyList<PaperValue> Paper);

public sealed record RunConcordance(string Run, IReadOnlyList<Concordance> Splits);

public sealed record SwapSeed(int Seed, SwapTest Test);

/// <param name="ChanceCorrected">Spearman rho and pooled concordance with emergence steps by the chance-corrected rule.</param>
public sealed record PredictionSection(
    string Definition, IReadOnlyList<SpearmanResult> Spearman, IReadOnlyList<RunConcordance> ConcordanceByRun,
    IReadOnlyList<Concordance> ConcordancePooled, IReadOnlyList<SwapSeed> SwapBySeed, SwapTest SwapPooled, IReadOnlyList<PaperValue> Paper,
    PredictionUnderRule ChanceCorrected);

/// <summary>The prediction-limit statistics recomputed with another emergence rule.</summary>
public sealed record PredictionUnderRule(string Rule, IReadOnlyList<SpearmanResult> Spearman, IReadOnlyList<Concordance> ConcordancePooled);
