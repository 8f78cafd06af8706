using Emergence.Analysis;

namespace Emergence.Reporting;

/// <summary>
/// The summary-table rows of the Fisher-LLC and event-precursor analyses. Fisher-LLC rows use the paper's Fisher series from the paper's Fisher series (<c>fisher_erank_top20</c>,
/// the top 20 eigenvalues the paper analysed): the median converged ratio over hard tasks, the pooled
/// Spearman ρ, and the mean pooled ρ over the denoisings computable from the stored rows. The event-precursor
/// row is the largest hit rate over all runs among the computable event metrics; the probe row the share of
/// task-levels whose linear probe rose above chance before their behaviour emerged.
/// </summary>
internal static class LaterAnalysesSummary
{
    public const string PaperSeries = "fisher_erank_top20";

    public static IEnumerable<SummaryRow> Rows(AnalysisResult result, int runs, int seeds) =>
        FisherLlc(result.FisherLlc, runs, seeds).Append(EventPrecursors(result.EventPrecursors, runs, seeds)).Append(ProbeLead(result.ProbeLead, runs, seeds));

    /// <summary>The share of task-levels (all runs) whose final-block probe rose above chance before their behaviour emerged, with the median lead and the control.</summary>
    public static SummaryRow ProbeLead(ProbeLeadSection section, int runs, int seeds)
    {
        var all = section.Groups.FirstOrDefault(g => g.Model == "all" && g.Class == "all");
        return new(PaperClaims.ProbeLead, all?.Observed.PositiveShare, runs, seeds,
            all is null || all.Observed.Units == 0 ? all?.Status ?? ProbeLeads.NotStored
            : $"{all.Observed.Units} task-levels, median lead {all.Observed.Median:0} steps; control (permuted labels) above chance on {all.ControlWithProbeStep} of {all.TaskLevels}");
    }

    public static SummaryRow EventPrecursors(EventPrecursorSection section, int runs, int seeds)
    {
        var rates = section.Rates.Where(r => r.Model == "all" && r.HitRate is not null).ToList();
        var best = rates.MaxBy(r => r.HitRate);
        return new(PaperClaims.EventPrecursorsMax, best?.HitRate, runs, seeds,
            best is null ? "no event metric computable" : $"{best.Metric}, null {best.NullRate * 100:0}%; {rates.Count} of {section.Metrics.Count} metrics computable");
    }

    public static IEnumerable<SummaryRow> FisherLlc(FisherLlcSection section, int runs, int seeds)
    {
        var convergence = section.Convergence.FirstOrDefault(c => c.FisherMetric == PaperSeries);
        yield return new(PaperClaims.FisherLlcRatio, convergence?.MedianHardRatio, runs, seeds,
            convergence is null ? null : convergence.MedianHardRatio is null ? convergence.Status : $"{convergence.HardNearOne} of {convergence.HardEntries} hard within 0.8-1.2");
        var correlations = section.Correlations.Where(c => c.FisherMetric == PaperSeries).ToList();
        var raw = correlations.FirstOrDefault(c => c.Denoising == "none");
        yield return new(PaperClaims.FisherLlcRho, raw?.PooledRho, runs, seeds,
            raw?.MinRho is null ? raw?.Status : $"{raw.MinRho:0.00} to {raw.MaxRho:0.00} over {raw.Entries} run x task");
        var denoised = correlations.Where(c => c.Denoising != "none" && c.PooledRho is not null).ToList();
        yield return new(PaperClaims.FisherLlcDenoised, denoised.Count == 0 ? null : denoised.Average(c => c.PooledRho!.Value), runs, seeds,
            denoised.Count == 0 ? null : $"{denoised.Min(c => c.PooledRho!.Value):0.00} to {denoised.Max(c => c.PooledRho!.Value):0.00}, {denoised.Count} of {correlations.Count - 1} denoisings computable");
    }
}
