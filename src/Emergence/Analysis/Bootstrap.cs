namespace Emergence.Analysis;

/// <summary>A percentile bootstrap interval, or the reason there is none.</summary>
public sealed record ConfidenceInterval(double? Lower, double? Upper, int Resamples, int Clusters, string Over, string Status);

/// <summary>
/// Cluster bootstrap of a pooled proportion: draw k clusters with replacement from the k observed
/// ones, rate* = Σ successes / Σ observations over the drawn clusters; the 95% interval is the 2.5th and
/// 97.5th percentiles (MathNet empirical quantiles) of rate* over B resamples. Clusters are tasks
/// ("over tasks") or seeds ("over seeds", only when the group holds several seeds).
/// </summary>
public static class Bootstrap
{
    /// <summary>Percentile 95% interval of a rate by cluster bootstrap over <paramref name="resamples"/> resamples; <paramref name="over"/> names the clusters.</summary>
    public static ConfidenceInterval Rate(IReadOnlyList<(string Cluster, bool Outcome)> observations, string over, int resamples, Random random)
    {
        var clusters = observations.GroupBy(o => o.Cluster)
            .Select(g => (Successes: g.Count(o => o.Outcome), Count: g.Count())).ToArray();
        if (clusters.Length < 2) return new ConfidenceInterval(null, null, 0, clusters.Length, over, $"not computable: fewer than two {over}");
        if (resamples == 0) return new ConfidenceInterval(null, null, 0, clusters.Length, over, "not computed: no resamples asked");
        var rates = new double[resamples];
        for (int b = 0; b < resamples; b++)
        {
            int s = 0, c = 0;
            for (int i = 0; i < clusters.Length; i++)
            {
                var draw = clusters[random.Next(clusters.Length)];
                s += draw.Successes;
                c += draw.Count;
            }
            rates[b] = (double)s / c;
        }
        return new ConfidenceInterval(
            MathNet.Numerics.Statistics.Statistics.Quantile(rates, 0.025),
            MathNet.Numerics.Statistics.Statistics.Quantile(rates, 0.975),
            resamples, clusters.Length, over, "computed");
    }
}
