using Emergence.Analysis;
using Emergence.Storage;

namespace Emergence.Pythia.SweepAnalysis;

/// <summary>
/// Precursor test on a uniform grid after Gaussian-process interpolation (PROTOCOL §6; the paper's Pythia
/// result: negative), of final-layer RankMe and of each global series (<see cref="GlobalSeries"/>) against the
/// probe sets' behaviour scores. Pythia checkpoints are log-spaced (0, 1, 2, 4, ..., 512) then every 1,000 steps, so
/// lags counted in checkpoints would mean very different times early and late. Instead:
/// <list type="number">
/// <item>each series y(t) (final-layer RankMe of the probe set; the behaviour score) is taken at the kept
/// checkpoints against u = log10(t + 1) and fitted with <see cref="GaussianProcess"/> (Matérn 5/2,
/// ℓ and σ² by maximum marginal likelihood on a grid, fixed small noise);</item>
/// <item>both posterior means are evaluated on N points u_0..u_(N−1) evenly spaced over the range both
/// series cover, spacing Δu = (u_max − u_min)/(N − 1);</item>
/// <item><see cref="CrossCorrelation"/> of the first differences, lags −L..L grid points (negative = RankMe
/// leads), peak = largest |r|; precursor ⟺ peak lag &lt; 0 and |r| &gt; threshold;</item>
/// <item>null: <see cref="NullDistribution"/> with phase-randomised surrogates of the interpolated RankMe
/// differences; null rate = fraction of surrogates that would count as a precursor, p = (1 + #{S_null ≥ S})/(1 + R).</item>
/// </list>
/// Caveat: interpolated series are smooth, so neighbouring differences are strongly correlated and |r| is
/// large at many lags; the null rate shows how often that alone passes the threshold.
/// </summary>
internal static class GridPrecursor
{
    /// <summary>u = log10(step + 1).</summary>
    public static double LogStep(long step) => Math.Log10(step + 1.0);

    /// <summary>The probe set's final-layer RankMe against the behaviour.</summary>
    public static GridPrecursorEntry Test(PythiaRunData run, string probeSet, string behaviour, PythiaAnalysisOptions options)
    {
        var layers = run.Layers(probeSet);
        var rankme = layers.Count == 0 ? null : run.Get(MetricNames.RankMe, probeSet, layers[^1]);
        return Test(run, probeSet, MetricNames.RankMe, rankme, behaviour, options);
    }

    /// <summary>A measure series (aligned to <see cref="PythiaRunData.Steps"/>, named <paramref name="measure"/>) against the behaviour.</summary>
    public static GridPrecursorEntry Test(PythiaRunData run, string probeSet, string measure, double[]? series, string behaviour, PythiaAnalysisOptions options)
    {
        var score = run.Get(behaviour, probeSet);
        GridPrecursorEntry NotComputable(string reason, int checkpoints = 0) =>
            new(run.Label, probeSet, behaviour, checkpoints, options.GridPoints, null, null, null, null, null, null, null, null, null, "not computable: " + reason, measure);
        if (series is null) return NotComputable($"no {measure} series");
        if (score is null) return NotComputable($"no '{behaviour}' metric for this probe set");
        var (ru, rv) = Finite(run.Steps, series);
        var (bu, bv) = Finite(run.Steps, score);
        int both = run.Steps.Where((_, i) => double.IsFinite(series[i]) && double.IsFinite(score[i])).Count();
        if (ru.Length < 4 || bu.Length < 4) return NotComputable($"fewer than 4 checkpoints ({Math.Min(ru.Length, bu.Length)})", both);
        double from = Math.Max(ru[0], bu[0]), to = Math.Min(ru[^1], bu[^1]);
        if (!(to > from)) return NotComputable("the two series do not overlap in step", both);
        var grid = GaussianProcess.UniformGrid(from, to, options.GridPoints);
        var seriesGp = GaussianProcess.Fit(ru, rv, options.Gp);
        var scoreGp = GaussianProcess.Fit(bu, bv, options.Gp);
        double[] m = seriesGp.Predict(grid), a = scoreGp.Predict(grid);
        var segments = new List<(double[] Measure, double[] Accuracy)> { (CrossCorrelation.FirstDifference(m), CrossCorrelation.FirstDifference(a)) };
        var peak = CrossCorrelation.Peak(CrossCorrelation.Correlations(segments, options.MaxLag, options.MinPairs), options.MaxLag);
        double spacing = (to - from) / (options.GridPoints - 1);
        var seriesFit = Describe(seriesGp, options.Gp);
        var scoreFit = Describe(scoreGp, options.Gp);
        if (!peak.Found)
            return new(run.Label, probeSet, behaviour, both, options.GridPoints, spacing, seriesFit, scoreFit, null, null, null, null, null, null,
                "not computable: no lag has a correlation (a series is constant after interpolation)", measure);
        double? nullRate = null, p = null;
        if (options.NullReplicates > 0)
        {
            var nullOptions = new AnalysisOptions
            {
                MaxLag = options.MaxLag, MinPairs = options.MinPairs, NullReplicates = options.NullReplicates,
                RandomSeed = options.RandomSeed, Null = NullMethod.PhaseRandomised,
            };
            var nulls = NullDistribution.Statistics(segments, nullOptions, run.Label);
            nullRate = nulls.Count(s => s > options.Threshold) / (double)nulls.Length;
            p = NullDistribution.PValue(CrossCorrelation.LeadStatistic(peak), nulls);
        }
        return new(run.Label, probeSet, behaviour, both, options.GridPoints, spacing, seriesFit, scoreFit, peak.Lag, peak.R,
            peak.Lag == 0 ? 0 : -peak.Lag * spacing, CrossCorrelation.IsPrecursor(peak, options.Threshold), nullRate, p, "ok", measure);
    }

    /// <summary>Interpolates y(step) onto <paramref name="grid"/> (in u = log10(step + 1)) with a GP fitted to the finite values.</summary>
    public static double[] Interpolate(IReadOnlyList<long> steps, IReadOnlyList<double> values, IReadOnlyList<double> grid, GpSettings? settings = null)
    {
        var (u, v) = Finite(steps, values);
        return GaussianProcess.Fit(u, v, settings).Predict(grid);
    }

    private static (double[] U, double[] V) Finite(IReadOnlyList<long> steps, IReadOnlyList<double> values)
    {
        var keep = Enumerable.Range(0, steps.Count).Where(i => double.IsFinite(values[i])).ToList();
        return ([.. keep.Select(i => LogStep(steps[i]))], [.. keep.Select(i => values[i])]);
    }

    private static GpFit Describe(GaussianProcess gp, GpSettings settings) =>
        new(gp.Kernel.LengthScale, gp.Kernel.SignalVariance, gp.NoiseVariance, gp.LogMarginalLikelihood,
            gp.Kernel.LengthScale == settings.LengthScales.Min() || gp.Kernel.LengthScale == settings.LengthScales.Max());
}
