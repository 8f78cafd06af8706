namespace Emergence.Analysis;

/// <summary>
/// Null distribution of the precursor statistic S (<see cref="CrossCorrelation.LeadStatistic"/>) for one
/// unit: the measure's first-difference series is replaced by a surrogate that keeps its own structure
/// but breaks its timing relative to accuracy, and S is recomputed; R replicates.
/// <list type="bullet">
/// <item>circular shift: Δm'_t = Δm_((t+s) mod n), s uniform on [L+1, n−L−1] (L = max lag) so that the
/// shifted series is never within the lag window of its original alignment; s uniform on [1, n−1] when
/// n ≤ 2L+2;</item>
/// <item>phase randomisation: Δm' = real(IFFT(F_k e^(iφ_k))) with φ_k uniform on [0, 2π) and
/// φ_(n−k) = −φ_k (DC and Nyquist kept), preserving the power spectrum (<see cref="PhaseRandomiser"/>).</item>
/// </list>
/// Shared draws: replicate r of every series of length n in one run uses the same random stream (seeded by
/// the analysis seed, run, n and r), so all measure series of a run get the same shift or the same added
/// phases (the multivariate surrogate of Prichard and Theiler). This keeps the dependence between the
/// units of a run (e.g. one model-wide measure paired with 24 accuracies) in the null distribution of a
/// rate, instead of treating them as independent. Runs get independent draws.
/// Per-unit p-value = (1 + #{S_null ≥ S_obs}) / (1 + R).
/// Caveat of circular shifts: S is a maximum over a window of 2L+1 lags, and shifts less than 2L+1 apart
/// share most of that window, so R shifts of an n-checkpoint series hold only about n/(2L+1) independent
/// values; per-unit p-values then over-reject (about 15% at nominal 5% for n = 100, L = 20). Phase
/// randomisation does not have this problem and is the default; rate nulls are valid with either.
/// </summary>
internal static class NullDistribution
{
    /// <summary>The statistic S of each of <see cref="AnalysisOptions.NullReplicates"/> surrogates of the segments.</summary>
    /// <param name="segments">Aligned (measure, accuracy) series of the unit.</param>
    /// <param name="options">The null method and replicate count.</param>
    /// <param name="stream">Names the run: units with the same stream share their draws (see above).</param>
    public static double[] Statistics(IReadOnlyList<(double[] Measure, double[] Accuracy)> segments, AnalysisOptions options, string stream)
    {
        var stats = new double[options.NullReplicates];
        var randomisers = options.Null == NullMethod.PhaseRandomised ? segments.Select(s => new PhaseRandomiser(s.Measure)).ToArray() : null;
        for (int r = 0; r < stats.Length; r++)
        {
            var surrogate = segments.Select((s, i) =>
            {
                var random = StableSeed.Random(options.RandomSeed, $"null|{stream}|{s.Measure.Length}|{r}");
                return (randomisers is null ? CircularShift(s.Measure, options.MaxLag, random) : randomisers[i].Next(random), s.Accuracy);
            }).ToList();
            var peak = CrossCorrelation.Peak(CrossCorrelation.Correlations(surrogate, options.MaxLag, options.MinPairs), options.MaxLag);
            stats[r] = CrossCorrelation.LeadStatistic(peak);
        }
        return stats;
    }

    public static double[] Surrogate(double[] x, AnalysisOptions options, Random random) =>
        options.Null == NullMethod.CircularShift ? CircularShift(x, options.MaxLag, random) : PhaseRandomise(x, random);

    public static double[] CircularShift(double[] x, int maxLag, Random random)
    {
        int n = x.Length;
        if (n < 2) return (double[])x.Clone();
        int shift = n > 2 * maxLag + 2 ? random.Next(maxLag + 1, n - maxLag) : random.Next(1, n);
        var y = new double[n];
        for (int t = 0; t < n; t++) y[t] = x[(t + shift) % n];
        return y;
    }

    public static double[] PhaseRandomise(double[] x, Random random) => new PhaseRandomiser(x).Next(random);

    /// <summary>p = (1 + #{S_null ≥ S_obs}) / (1 + R); null when R = 0.</summary>
    public static double? PValue(double observed, IReadOnlyList<double> nulls) =>
        nulls.Count == 0 ? null : (1.0 + nulls.Count(v => v >= observed)) / (1.0 + nulls.Count);
}
