using Emergence.Analysis;
using Emergence.Reporting;
using Emergence.Storage;

namespace Emergence.Study;

/// <summary>
/// The analysis and report of a study, from its stores alone (nothing is recomputed):
/// <c>report/results.json</c>, <c>report/tables.md</c>, <c>report/index.html</c>, <c>report/figures/</c>.
/// </summary>
public static class StudyReport
{
    /// <summary>Analyses the study's stores and writes its report (results, tables, figures, HTML) into <see cref="StudyFolder.ReportDirectory"/>.</summary>
    public static ReportOutput Write(StudyFolder folder, StudyDefinition definition, AnalysisOptions? options = null)
    {
        var incomplete = definition.Runs.Select(r => RunProgress.Of(folder, r)).Where(p => !p.Complete).ToList();
        if (incomplete.Count > 0)
            throw new StoreException($"Cannot report on {folder.Path}: {incomplete.Count} of {definition.Runs.Count} run(s) incomplete ({string.Join("; ", incomplete)}); run the study (or its shards) first.");
        options ??= new AnalysisOptions();
        options.Validate();
        var runs = RunLoader.LoadAll([.. definition.Runs.Select(r => folder.Run(r.Name).Path)], options);
        var result = Analyzer.Analyze(runs, options);
        Directory.CreateDirectory(folder.ReportDirectory);
        ResultsWriter.Write(result, folder.ReportDirectory);
        var content = StudyReportContent.Build(definition, runs, result, options) with
        {
            AnalysisMarkdown = Analysis.MarkdownTables.Render(result),
        };
        return ReportWriter.Write(content, folder.ReportDirectory);
    }
}
