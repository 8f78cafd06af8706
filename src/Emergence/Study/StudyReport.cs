using Emergence.Analysis;
using Emergence.Reporting;
using Emergence.Storage;

namespace Emergence.Study;

/// <summary>
/// The analysis and report of a study, from its stores alone (nothing is recomputed):
/// <c>report/results.json</c>, <c>report/tables.md</c>, <c>report/index.html</c>, <c>report/figures/</c>,
/// each with the study's provenance. A study whose runs are not all complete is reported only
/// when <c>interim</c> is asked for: from the runs with a checkpoint, marked interim at the top of every file.
/// </summary>
public static class StudyReport
{
    /// <summary>Analyses the study's stores and writes its report (results, tables, figures, HTML) into <see cref="StudyFolder.ReportDirectory"/>.</summary>
    /// <param name="folder">The study folder.</param>
    /// <param name="definition">Its definition.</param>
    /// <param name="options">Analysis thresholds (the defaults when null).</param>
    /// <param name="interim">Report a study whose runs are not all complete, as an interim report; without it such a study is refused.</param>
    public static ReportOutput Write(StudyFolder folder, StudyDefinition definition, AnalysisOptions? options = null, bool interim = false)
    {
        var provenance = StudyProvenance.Read(folder, definition);
        var incomplete = provenance.Runs.Where(r => !r.Progress.Complete).Select(r => r.Progress).ToList();
        if (incomplete.Count > 0 && !interim)
            throw new StoreException($"Cannot report on {folder.Path}: {incomplete.Count} of {definition.Runs.Count} run(s) incomplete ({string.Join("; ", incomplete)}); " +
                "run the study (or its shards) first, or pass --interim for an interim report of what is stored.");
        var started = provenance.Runs.Where(r => r.Progress.Started).Select(r => folder.Run(r.Name).Path).ToList();
        if (started.Count == 0)
            throw new StoreException($"Cannot report on {folder.Path}: no run has a committed checkpoint yet ({string.Join("; ", incomplete)}).");
        options ??= new AnalysisOptions();
        options.Validate();
        var runs = RunLoader.LoadAll(started, options);
        var result = Analyzer.Analyze(runs, options);
        Directory.CreateDirectory(folder.ReportDirectory);
        ProvenanceJson.Write(result, provenance, folder.ReportDirectory);
        var content = StudyReportContent.Build(definition, runs, result, options);
        content = content with
        {
            Title = provenance.Interim ? "Interim: " + content.Title : content.Title,
            InterimNotice = provenance.InterimNotice,
            Tables = [.. ProvenanceTables.Build(provenance), .. content.Tables],
            AnalysisMarkdown = Analysis.MarkdownTables.Render(result),
        };
        return ReportWriter.Write(content, folder.ReportDirectory);
    }
}
