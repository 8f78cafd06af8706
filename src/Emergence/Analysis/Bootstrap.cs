namespace Emergence.Analysis;

/// <summary>
/// A percentile bootstrap interval, or the reason there is none. <paramref name="Exact"/>: the percentiles
/// of the whole bootstrap distribution (every distinct resample with its probability; <paramref name="Resamples"/>
/// then counts the distinct resamples), not of random resamples.
/// </summary>
public sealed record ConfidenceInterval(double? Lower, double? Upper, int Resamples, int Clusters, string Over, string Status, bool Exact = false);

/// <summary>
/// Cluster bootstrap of a pooled proportion: draw k clusters with replacement from the k observed
/// ones, rate* = Σ successes / Σ observations over the drawn clusters; the 95% interval is the 2.5th and
/// 97.5th percentiles of rate*. Clusters are tasks ("over tasks"), seeds ("over seeds", only when the
/// group holds several seeds) or runs.
/// <para>
/// With few clusters the bootstrap distribution is computed exactly: a resample is a multiset of the k
/// clusters, drawn with multiplicities m_1..m_k (Σ m_i = k) with probability k! / (m_1! ⋯ m_k! · k^k), and
/// there are C(2k − 1, k) of them (10 for 3 seeds, 6,435 for 8 tasks). The interval is then the inverse
/// of that distribution's CDF at 0.025 and 0.975, the smallest rate* whose cumulative probability reaches
/// each: the value the random-resample percentiles tend to as B grows, without their Monte Carlo noise
/// (with 3 seeds, 1,000 random resamples put the upper end of one interval at the second-highest
/// value or the highest depending on the random stream). Above <see cref="MaxExactClusters"/> clusters,
/// B random resamples and MathNet's empirical quantiles.
/// </para>
/// </summary>
public static class Bootstrap
{
    /// <summary>Most clusters whose bootstrap distribution is enumerated (C(19, 10) = 92,378 resamples).</summary>
    public const int MaxExactClusters = 10;

    /// <summary>Percentile 95% interval of a rate by cluster bootstrap; <paramref name="resamples"/> random resamples
    /// above <see cref="MaxExactClusters"/> clusters (0 = no interval); <paramref name="over"/> names the clusters.</summary>
    public static ConfidenceInterval Rate(IReadOnlyList<(string Cluster, bool Outcome)> observations, string over, int resamples, Random random)
    {
        var clusters = observations.GroupBy(o => o.Cluster)
            .Select(g => (Successes: g.Count(o => o.Outcome), Count: g.Count())).ToArray();
        if (clusters.Length < 2) return new ConfidenceInterval(null, null, 0, clusters.Length, over, $"not computable: fewer than two {over}");
        if (resamples == 0) return new ConfidenceInterval(null, null, 0, clusters.Length, over, "not computed: no resamples asked");
        if (clusters.Length <= MaxExactClusters) return Exact(clusters, over);
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

    private static ConfidenceInterval Exact((int Successes, int Count)[] clusters, string over)
    {
        int k = clusters.Length;
        var outcomes = new List<(double Rate, double Probability)>();
        var multiplicity = new int[k];
        double logScale = MathNet.Numerics.SpecialFunctions.FactorialLn(k) - k * Math.Log(k);
        void Enumerate(int cluster, int left)
        {
            if (cluster == k - 1)
            {
                multiplicity[cluster] = left;
                int s = 0, c = 0;
                double logP = logScale;
                for (int i = 0; i < k; i++)
                {
                    s += multiplicity[i] * clusters[i].Successes;
                    c += multiplicity[i] * clusters[i].Count;
                    logP -= MathNet.Numerics.SpecialFunctions.FactorialLn(multiplicity[i]);
                }
                outcomes.Add(((double)s / c, Math.Exp(logP)));
                return;
            }
            for (int m = 0; m <= left; m++)
            {
                multiplicity[cluster] = m;
                Enumerate(cluster + 1, left - m);
            }
        }
        Enumerate(0, k);
        outcomes.Sort((a, b) => a.Rate.CompareTo(b.Rate));
        return new ConfidenceInterval(InverseCdf(outcomes, 0.025), InverseCdf(outcomes, 0.975), outcomes.Count, k, over, "computed", Exact: true);
    }

    /// <summary>The smallest rate whose cumulative probability reaches <paramref name="p"/> (to 1e-12, the sums' rounding).</summary>
    private static double InverseCdf(List<(double Rate, double Probability)> sorted, double p)
    {
        double cumulative = 0;
        foreach (var (rate, probability) in sorted)
        {
            cumulative += probability;
            if (cumulative >= p - 1e-12) return rate;
        }
        return sorted[^1].Rate;
    }
}
