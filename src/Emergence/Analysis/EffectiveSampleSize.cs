namespace Emergence.Analysis;

/// <summary>Effective number of independent observations behind a rate, and how it was obtained.</summary>
public sealed record EffectiveN(double? Value, int Observations, int Clusters, double? Icc, string Method);

/// <summary>
/// Effective number of independent observations of a proportion whose N binary outcomes y_ij fall in
/// k clusters (tasks: the levels of a task, and the same task across sizes and seeds, share structure).
/// ANOVA estimate of the intra-cluster correlation:
/// MSB = Σ n_i (ȳ_i − ȳ)² / (k − 1), MSW = Σ_i Σ_j (y_ij − ȳ_i)² / (N − k),
/// n_0 = (N − Σ n_i² / N) / (k − 1), ICC = (MSB − MSW) / (MSB + (n_0 − 1) MSW), clamped to [0, 1];
/// Kish design effect D = 1 + (N/k − 1) ICC; N_eff = N / D. When the ICC is undefined (all outcomes
/// equal, or fewer than two clusters) N_eff is taken as k, the conservative bound.
/// </summary>
internal static class EffectiveSampleSize
{
    public static EffectiveN Of(IReadOnlyList<(string Cluster, bool Outcome)> observations)
    {
        int n = observations.Count;
        var clusters = observations.GroupBy(o => o.Cluster).Select(g => g.Select(o => o.Outcome ? 1.0 : 0.0).ToList()).ToList();
        int k = clusters.Count;
        if (n == 0) return new EffectiveN(null, 0, 0, null, "no observations");
        if (k == n) return new EffectiveN(n, n, k, null, "one observation per cluster: N_eff = N");
        double grand = observations.Average(o => o.Outcome ? 1.0 : 0.0);
        if (k < 2 || n - k < 1) return new EffectiveN(k, n, k, null, "ICC undefined (fewer than two clusters): N_eff = clusters");
        double msb = clusters.Sum(c => c.Count * Math.Pow(c.Average() - grand, 2)) / (k - 1);
        double msw = clusters.Sum(c => { double m = c.Average(); return c.Sum(y => (y - m) * (y - m)); }) / (n - k);
        double n0 = (n - clusters.Sum(c => (double)c.Count * c.Count) / n) / (k - 1);
        double denominator = msb + (n0 - 1) * msw;
        if (denominator <= 0) return new EffectiveN(k, n, k, null, "ICC undefined (all outcomes equal): N_eff = clusters");
        double icc = Math.Clamp((msb - msw) / denominator, 0, 1);
        double design = 1 + ((double)n / k - 1) * icc;
        return new EffectiveN(n / design, n, k, icc, "Kish design effect with ANOVA ICC over task clusters");
    }
}
