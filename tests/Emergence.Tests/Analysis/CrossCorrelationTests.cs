using Emergence.Analysis;

namespace Emergence.Tests.Analysis;

public class CrossCorrelationTests
{
    private static double[] Noise(int n, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5)];
    }

    /// <summary>Level series whose first differences are the given ones, starting at 0.</summary>
    private static double[] Integrate(IReadOnlyList<double> d)
    {
        var x = new double[d.Count + 1];
        for (int t = 0; t < d.Count; t++) x[t + 1] = x[t] + d[t];
        return x;
    }

    /// <summary>Δa_t = e_t and Δm_t = e_(t+shift): the measure's changes come `shift` checkpoints early when shift &gt; 0.</summary>
    private static (double[] Measure, double[] Accuracy) Shifted(int shift, int n = 120)
    {
        var e = Noise(n + 40, 7);
        var da = Enumerable.Range(0, n).Select(t => e[t + 20]).ToArray();
        var dm = Enumerable.Range(0, n).Select(t => e[t + 20 + shift]).ToArray();
        return (Integrate(dm), Integrate(da));
    }

    private static CorrelationPeak PeakOf(double[] measure, double[] accuracy)
    {
        var segment = CrossCorrelation.AlignedDifferences(measure, accuracy);
        return CrossCorrelation.Peak(CrossCorrelation.Correlations([segment], 20, 10), 20);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(20)]
    public void A_measure_leading_by_k_checkpoints_peaks_at_lag_minus_k(int k)
    {
        var (m, a) = Shifted(k);
        var peak = PeakOf(m, a);
        Assert.Equal(-k, peak.Lag);
        Assert.Equal(1.0, peak.R, 9);
        Assert.True(CrossCorrelation.IsPrecursor(peak, 0.3));
    }

    [Fact]
    public void A_synchronous_measure_peaks_at_lag_zero_and_is_not_a_precursor()
    {
        var (m, a) = Shifted(0);
        var negated = m.Select(v => -2 * v + 5).ToArray(); // falls while accuracy rises: |r| counts
        var peak = PeakOf(negated, a);
        Assert.Equal(0, peak.Lag);
        Assert.Equal(-1.0, peak.R, 9);
        Assert.False(CrossCorrelation.IsPrecursor(peak, 0.3));
    }

    [Fact]
    public void A_lagging_measure_peaks_at_a_positive_lag()
    {
        var (m, a) = Shifted(-4);
        var peak = PeakOf(m, a);
        Assert.Equal(4, peak.Lag);
        Assert.False(CrossCorrelation.IsPrecursor(peak, 0.3));
    }

    [Fact]
    public void Correlation_at_a_lag_is_worked_out_by_hand()
    {
        // Δm = [1, 2, 4, 3], Δa = [0, 1, 2, 4]; lag -1 pairs (Δm_(t-1), Δa_t) for t = 1..3: (1,1), (2,2), (4,4) -> r = 1.
        // lag 0 pairs: (1,0),(2,1),(4,2),(3,4): x̄ = 2.5, ȳ = 1.75; Sxy = 2.625 + 0.375 + 0.375 + 1.125 = 4.5, Sxx = 5, Syy = 8.75 -> r = 4.5/sqrt(43.75) = 0.68034.
        double[] dm = [1, 2, 4, 3], da = [0, 1, 2, 4];
        Assert.Equal(1.0, CrossCorrelation.AtLag([(dm, da)], -1, 3), 12);
        Assert.Equal(4.5 / Math.Sqrt(43.75), CrossCorrelation.AtLag([(dm, da)], 0, 3), 12);
        Assert.True(double.IsNaN(CrossCorrelation.AtLag([(dm, da)], -2, 3))); // only 2 pairs
    }

    [Fact]
    public void Pearson_matches_MathNet_on_random_data()
    {
        var x = Noise(60, 1);
        var y = Noise(60, 2);
        double expected = MathNet.Numerics.Statistics.Correlation.Pearson(x.Skip(3), y.Take(57));
        Assert.Equal(expected, CrossCorrelation.AtLag([(x, y)], 3, 10), 12);
    }

    [Fact]
    public void A_constant_accuracy_has_no_correlation_at_any_lag()
    {
        var m = Noise(50, 3);
        var a = new double[50];
        Assert.False(PeakOf(m, a).Found);
    }

    [Fact]
    public void Missing_checkpoints_are_dropped_before_differencing()
    {
        double[] m = [0, 1, double.NaN, 3, 6];
        double[] a = [0, 0, 5, 1, double.NaN];
        var (dm, da) = CrossCorrelation.AlignedDifferences(m, a);
        Assert.Equal([1.0, 2.0], dm); // kept: indices 0, 1, 3 -> m = 0, 1, 3
        Assert.Equal([0.0, 1.0], da); // a = 0, 0, 1
    }

    [Fact]
    public void Equal_peaks_go_to_the_smaller_then_the_non_negative_lag()
    {
        double[] r = [0.5, 0.2, -0.5, 0.1, 0.5];  // lags -2..2
        Assert.Equal(new CorrelationPeak(0, -0.5, true), CrossCorrelation.Peak(r, 2));
        double[] s = [0.9, 0.2, 0.1, 0.1, 0.9];
        Assert.Equal(2, CrossCorrelation.Peak(s, 2).Lag);
        double[] u = [0.9, 0.2, 0.1, 0.1, 0.3];
        Assert.Equal(-2, CrossCorrelation.Peak(u, 2).Lag);
    }

    [Fact]
    public void Pooled_segments_correlate_their_pairs_together_without_straddling()
    {
        double[] m1 = [1, 3, 2, 5, 4], a1 = [2, 2, 3, 6, 4];
        double[] m2 = [0, 1, 1, 2], a2 = [1, 0, 2, 2];
        // lag −1 pairs: (m1[0..3], a1[1..4]) and (m2[0..2], a2[1..3]); never (m1[4], a2[0])
        double expected = MathNet.Numerics.Statistics.Correlation.Pearson(
            m1.Take(4).Concat(m2.Take(3)), a1.Skip(1).Concat(a2.Skip(1)));
        Assert.Equal(expected, CrossCorrelation.AtLag([(m1, a1), (m2, a2)], -1, 3), 12);
    }

    [Fact]
    public void The_fast_correlations_agree_with_the_reference_form()
    {
        var segments = new[] { (Noise(80, 4), Noise(80, 5)), (Noise(30, 6).Select(v => v + 3).ToArray(), Noise(30, 8)) };
        var fast = CrossCorrelation.Correlations(segments, 20, 10);
        for (int lag = -20; lag <= 20; lag++)
            Assert.Equal(CrossCorrelation.AtLag(segments, lag, 10), fast[lag + 20], 10);
        var linear = Enumerable.Repeat(0.1, 50).ToArray();  // a measure rising linearly has constant differences
        Assert.All(CrossCorrelation.Correlations([(linear, Noise(50, 9))], 5, 10), r => Assert.True(double.IsNaN(r)));
    }
}
