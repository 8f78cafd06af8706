using System.Numerics;
using Emergence.Analysis;
using Emergence.Tests.Support;
using MathNet.Numerics.IntegralTransforms;

namespace Emergence.Tests.Analysis;

public class NullDistributionTests
{
    private const int N = 100;
    private static readonly RunData Run = new SyntheticRun("nano", SyntheticRun.Uniform(N, 100)).Accuracy("ADD", 1, _ => 0).Data();

    private static PrecursorUnit Template(int i) => new()
    {
        Measure = "m", Run = "nano", Model = "nano", Seed = 0, Task = $"T{i % 8}", Level = 1 + i % 3, Class = "hard", Unit = "task-level", Status = "",
    };

    private static double[] RandomWalk(Random random) =>
        [.. Enumerable.Range(0, N).Select(_ => random.NextDouble() - 0.5).Aggregate(new List<double>(), (acc, d) => { acc.Add((acc.Count == 0 ? 0 : acc[^1]) + d); return acc; })];

    private static List<PrecursorUnit> NoiseUnits(int count, AnalysisOptions options)
    {
        var random = new Random(42);
        return [.. Enumerable.Range(0, count).Select(i =>
            PrecursorAnalysis.Test(Template(i) with { Measure = $"m{i}" }, Run, [(RandomWalk(random), RandomWalk(random))], options))];
    }

    [Fact]
    [Trait(Category.Name, Category.Slow)]
    public void On_independent_noise_the_unit_test_has_about_the_nominal_false_positive_rate()
    {
        var options = new AnalysisOptions { NullReplicates = 99, BootstrapResamples = 0 };
        var units = NoiseUnits(400, options);
        double falsePositive = units.Count(u => u.NullP <= 0.05) / 400.0;
        Assert.InRange(falsePositive, 0.02, 0.085);  // nominal 0.05, binomial SE 0.011
    }

    [Theory]
    [InlineData(NullMethod.PhaseRandomised)]
    [InlineData(NullMethod.CircularShift)]
    [Trait(Category.Name, Category.Slow)]
    public void On_independent_noise_the_observed_rate_matches_the_null_rate(NullMethod method)
    {
        var options = new AnalysisOptions { NullReplicates = 99, BootstrapResamples = 0, CorrelationThreshold = 0.2, Null = method };
        var units = NoiseUnits(300, options);
        var rate = PrecursorRates.Of(units, "m", "nano", "all", "task-level", options);
        Assert.InRange(rate.Rate!.Value - rate.NullMeanRate!.Value, -0.08, 0.08);
        Assert.True(rate.NullP > 0.01);
    }

    [Fact]
    public void A_leading_measure_beats_every_null_replicate()
    {
        var options = new AnalysisOptions { NullReplicates = 99, BootstrapResamples = 0 };
        var random = new Random(3);
        var accuracy = RandomWalk(random).Select((v, t) => t > 50 ? v + 3 : v).ToArray(); // largest change from 50 to 51
        var measure = accuracy.Skip(5).Concat(Enumerable.Repeat(accuracy[^1], 5)).ToArray(); // m_t = a_(t+5): leads by 5
        var unit = PrecursorAnalysis.Test(Template(0), Run, [(measure, accuracy)], options);
        Assert.Equal(-5, unit.PeakLag);
        Assert.Equal(-500, unit.LagSteps);  // step(51 − 5) − step(51): 5 checkpoints of 100 steps
        Assert.True(unit.Precursor);
        Assert.Equal(0.01, unit.NullP!.Value, 12);  // (1 + 0) / (1 + 99)
    }

    [Fact]
    public void Leading_same_checkpoint_and_lagging_peaks_are_counted_apart()
    {
        var options = new AnalysisOptions { NullReplicates = 0, BootstrapResamples = 0 };
        var random = new Random(11);
        var units = new List<PrecursorUnit>();
        foreach (var (shift, count) in new[] { (5, 3), (0, 2), (-4, 4) })  // m_t = a_(t+shift): leads by 5, same checkpoint, lags by 4
            for (int i = 0; i < count; i++)
            {
                var accuracy = RandomWalk(random);
                var measure = Enumerable.Range(0, N).Select(t => accuracy[Math.Clamp(t + shift, 0, N - 1)]).ToArray();
                units.Add(PrecursorAnalysis.Test(Template(units.Count), Run, [(measure, accuracy)], options));
            }
        units.Add(PrecursorAnalysis.Test(Template(units.Count), Run, [(RandomWalk(new Random(1)), Enumerable.Repeat(0.5, N).ToArray())], options));
        Assert.Equal([-5, -5, -5, 0, 0, 4, 4, 4, 4], units.Take(9).Select(u => u.PeakLag));
        var rate = PrecursorRates.Of(units, "m", "nano", "all", "task-level", options);
        Assert.Equal(9, rate.Units);  // the constant-accuracy unit is not computable
        Assert.Equal(3.0 / 9, rate.Rate!.Value, 12);
        Assert.Equal(2.0 / 9, rate.SameCheckpointRate!.Value, 12);
        Assert.Equal(4.0 / 9, rate.LaggingRate!.Value, 12);
    }

    [Fact]
    public void Phase_randomisation_keeps_the_amplitude_spectrum()
    {
        var x = Enumerable.Range(0, 64).Select(i => Math.Sin(i / 3.0) + 0.1 * i % 7).ToArray();
        var y = NullDistribution.PhaseRandomise(x, new Random(5));
        static double[] Amplitudes(double[] v)
        {
            var c = v.Select(a => new Complex(a, 0)).ToArray();
            Fourier.Forward(c, FourierOptions.Matlab);
            return [.. c.Select(z => z.Magnitude)];
        }
        var (ax, ay) = (Amplitudes(x), Amplitudes(y));
        for (int k = 0; k < ax.Length; k++) Assert.Equal(ax[k], ay[k], 8);
        Assert.NotEqual(x, y);
    }

    [Fact]
    public void Circular_shifts_stay_outside_the_lag_window()
    {
        var x = Enumerable.Range(0, 100).Select(i => (double)i).ToArray();
        var random = new Random(9);
        for (int r = 0; r < 200; r++)
        {
            int shift = (int)NullDistribution.CircularShift(x, 20, random)[0];
            Assert.InRange(shift, 21, 79);
        }
    }

    [Fact]
    public void Shared_phases_keep_the_correlation_between_series_of_a_run()
    {
        var random = new Random(11);
        var x = Enumerable.Range(0, 61).Select(_ => random.NextDouble()).ToArray();
        var y = x.Select(v => 0.5 * v + random.NextDouble()).ToArray();
        double before = MathNet.Numerics.Statistics.Correlation.Pearson(x, y);
        var xs = new PhaseRandomiser(x).Next(new Random(7));
        var ys = new PhaseRandomiser(y).Next(new Random(7));
        // same added phases keep the cross-spectrum, hence means, variances and the lag-0 covariance
        Assert.Equal(before, MathNet.Numerics.Statistics.Correlation.Pearson(xs, ys), 9);
        Assert.NotEqual(x[0], xs[0], 6);
    }
}
