using Emergence.Measures;

namespace Emergence.Analysis;

/// <summary>
/// One of the nine Fisher-spectrum denoisings of the paper's Table 9. A denoising is computable from
/// the stored rows when <see cref="OfEffectiveRankSeries"/> is set (it needs only the effective-rank
/// series); the others need the Fisher eigenvalues of every checkpoint (<see cref="OfSpectrum"/>).
/// </summary>
internal sealed record FisherDenoising(
    string Name, string Definition, Func<double[], long, double>? OfSpectrum, Func<IReadOnlyList<double>, double[]>? OfEffectiveRankSeries);

/// <summary>
/// The Fisher-spectrum denoisings of Table 9. With λ_1 ≥ λ_2 ≥ … ≥ λ_n ≥ 0 the Fisher eigenvalues of
/// one task at one checkpoint (the non-zero eigenvalues of the Gram matrix of the per-example
/// gradients, <see cref="GradientSpectra"/>) and erank(v) = exp(−Σ p_k log p_k), p_k = v_k / Σ v
/// (<see cref="Spectra.EffectiveRank"/>):
/// <list type="bullet">
/// <item>top-5, top-10 effective rank: erank(λ_1..λ_k);</item>
/// <item>Marchenko-Pastur rank: #{λ_i &gt; σ² (1 + √(n/P))²}, σ² = Σλ / n (the noise variance if the whole
/// spectrum were noise), n eigenvalues of a Gram of n examples over P parameters;</item>
/// <item>smoothed: the effective-rank series averaged over a centred window of 5 recorded checkpoints
/// (truncated at the ends of the series);</item>
/// <item>log-eigenvalues: erank(log(1 + λ_i / λ̄)), λ̄ = Σλ / n (compresses the dynamic range);</item>
/// <item>participation ratio: (Σλ)² / Σλ²;</item>
/// <item>spectral-gap ratio: λ_1 / λ_2;</item>
/// <item>normalised trace: Σλ / λ_1;</item>
/// <item>eigenspectrum entropy: H = −Σ p_k log p_k = ln erank(λ). Spearman ρ is invariant under this
/// monotone map, so its ρ equals that of the effective rank itself.</item>
/// </list>
/// A spectrum of k equal eigenvalues and n − k zeros has top-m erank min(k, m), participation ratio,
/// normalised trace and log-eigenvalue erank k, entropy ln k.
/// </summary>
internal static class FisherDenoisings
{
    public const int SmoothingWindow = 5;

    public static double TopEffectiveRank(double[] eigenvalues, int k) =>
        Spectra.EffectiveRank(eigenvalues.OrderDescending().Take(k));

    /// <summary>NaN without a parameter count P (&lt;= 0).</summary>
    public static double MarchenkoPasturRank(double[] eigenvalues, long parameters)
    {
        if (parameters <= 0) return double.NaN;
        double noise = eigenvalues.Sum() / eigenvalues.Length;
        double edge = noise * Math.Pow(1 + Math.Sqrt((double)eigenvalues.Length / parameters), 2);
        return eigenvalues.Count(l => l > edge);
    }

    public static double LogEigenvalueEffectiveRank(double[] eigenvalues)
    {
        double mean = eigenvalues.Sum() / eigenvalues.Length;
        return Spectra.EffectiveRank(eigenvalues.Select(l => Math.Log(1 + Math.Max(0, l) / mean)));
    }

    public static double ParticipationRatio(double[] eigenvalues)
    {
        double sum = eigenvalues.Sum(), squares = eigenvalues.Sum(l => l * l);
        return squares > 0 ? sum * sum / squares : double.NaN;
    }

    public static double SpectralGapRatio(double[] eigenvalues)
    {
        var top = eigenvalues.OrderDescending().Take(2).ToArray();
        return top.Length == 2 && top[1] > 0 ? top[0] / top[1] : double.NaN;
    }

    /// <summary>Eigenvalue concentration λ_1 / Σλ (the inverse of <see cref="NormalisedTrace"/>).</summary>
    public static double Concentration(double[] eigenvalues)
    {
        double sum = eigenvalues.Sum();
        return sum > 0 ? eigenvalues.Max() / sum : double.NaN;
    }

    public static double NormalisedTrace(double[] eigenvalues)
    {
        double max = eigenvalues.Max();
        return max > 0 ? eigenvalues.Sum() / max : double.NaN;
    }

    public static double Entropy(double effectiveRank) => Math.Log(effectiveRank);

    /// <summary>Centred moving average over <paramref name="window"/> points, truncated at the ends.</summary>
    public static double[] Smooth(IReadOnlyList<double> series, int window = SmoothingWindow)
    {
        int half = window / 2;
        var smoothed = new double[series.Count];
        for (int i = 0; i < series.Count; i++)
        {
            int from = Math.Max(0, i - half), to = Math.Min(series.Count - 1, i + half);
            double sum = 0;
            for (int j = from; j <= to; j++) sum += series[j];
            smoothed[i] = sum / (to - from + 1);
        }
        return smoothed;
    }

    /// <summary>The nine denoisings in the order of Table 9 (a spectrum's function takes P, the parameter count, for the MP edge).</summary>
    public static IReadOnlyList<FisherDenoising> All { get; } =
    [
        new("top5_erank", "effective rank of the 5 largest eigenvalues", (l, _) => TopEffectiveRank(l, 5), null),
        new("top10_erank", "effective rank of the 10 largest eigenvalues", (l, _) => TopEffectiveRank(l, 10), null),
        new("mp_rank", "eigenvalues above the Marchenko-Pastur edge σ²(1+√(n/P))², σ² = mean eigenvalue", MarchenkoPasturRank, null),
        new("smoothed_5", $"effective rank averaged over a centred window of {SmoothingWindow} recorded checkpoints", null, s => Smooth(s)),
        new("log_eigenvalues", "effective rank of log(1 + λ/mean λ)", (l, _) => LogEigenvalueEffectiveRank(l), null),
        new("participation_ratio", "(Σλ)² / Σλ²", (l, _) => ParticipationRatio(l), null),
        new("spectral_gap", "λ1 / λ2", (l, _) => SpectralGapRatio(l), null),
        new("normalised_trace", "Σλ / λ1", (l, _) => NormalisedTrace(l), null),
        new("entropy", "ln(effective rank) = spectral entropy (same Spearman ρ as the effective rank)", null, s => [.. s.Select(Entropy)]),
    ];
}
