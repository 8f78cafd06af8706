using Emergence.Analysis;

namespace Emergence.Reporting;

/// <summary>
/// The Fisher-LLC rows of the summary table, from the paper's Fisher series (<c>fisher_erank_top20</c>,
/// the top 20 eigenvalues the paper analysed): the median converged ratio over hard tasks, the pooled
/// Spearman ρ, and the mean pooled ρ over the denoisings computable from the stored rows.
/// </summary>
public static class FisherLlcSummary
{
    public const string PaperSeries = "fisher_erank_top20";

    public static IEnumerable<SummaryRow> Rows(FisherLlcSection section, int runs, int seeds)
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
