using Emergence.Pythia.SweepAnalysis;

namespace Emergence.Tests.Pythia;

public sealed class GaussianProcessTests
{
    [Theory]
    [InlineData(0.0, 1.0, 2.0, 2.0)]
    [InlineData(0.5, 1.0, 1.0, 0.8286491424181255)]
    [InlineData(1.0, 1.0, 1.0, 0.5239941088318203)]
    [InlineData(-2.0, 1.0, 1.0, 0.13866021913850426)]
    [InlineData(0.6, 0.3, 3.0, 3 * 0.13866021913850426)]
    public void Matern52_matches_the_closed_form(double r, double ell, double variance, double expected)
    {
        var k = new MaternKernel(ell, variance);
        Assert.Equal(expected, k.At(r), 12);
        double s = Math.Sqrt(5) * Math.Abs(r) / ell;
        Assert.Equal(variance * (1 + s + 5 * r * r / (3 * ell * ell)) * Math.Exp(-s), k.At(r), 12);
    }

    private static double Smooth(double u) => 3 + Math.Sin(1.5 * u) + 0.4 * u;

    [Fact]
    public void Reproduces_a_smooth_function_at_held_out_points()
    {
        var train = Enumerable.Range(0, 26).Select(i => i * 0.2).ToArray();            // 0..5
        var held = Enumerable.Range(0, 25).Select(i => 0.1 + i * 0.2).ToArray();       // midpoints
        var gp = GaussianProcess.Fit(train, [.. train.Select(Smooth)]);
        foreach (var u in held) Assert.True(Math.Abs(gp.Predict(u) - Smooth(u)) < 2e-3, $"u = {u}: {gp.Predict(u)} vs {Smooth(u)}");
        Assert.True(gp.Kernel.LengthScale > 0.2, $"length scale {gp.Kernel.LengthScale} should exceed the spacing of a smooth function");
    }

    [Fact]
    public void Passes_through_noise_free_training_points()
    {
        var steps = PythiaStore.HostedSteps;
        var u = steps.Select(PythiaStore.U).ToArray();
        var y = u.Select(v => 100 - 60 * Math.Exp(-Math.Pow(v - 2, 2)) + 5 * v).ToArray();
        var gp = GaussianProcess.Fit(u, y);
        for (int i = 0; i < u.Length; i++) Assert.True(Math.Abs(gp.Predict(u[i]) - y[i]) < 1e-3 * 60, $"u = {u[i]}: {gp.Predict(u[i])} vs {y[i]}");
    }

    [Fact]
    public void Constant_series_interpolates_to_the_constant()
    {
        var gp = GaussianProcess.Fit([0.0, 1, 2, 3], [7.0, 7, 7, 7]);
        Assert.Equal(7, gp.Predict(1.5), 9);
    }

    [Fact]
    public void Uniform_grid_has_both_ends_and_even_spacing()
    {
        var g = GaussianProcess.UniformGrid(0, Math.Log10(143001), 100);
        Assert.Equal(100, g.Length);
        Assert.Equal(0, g[0]);
        Assert.Equal(Math.Log10(143001), g[^1]);
        Assert.Equal(Math.Log10(143001) / 99, g[1] - g[0], 12);
    }

    [Fact]
    public void Bad_fit_input_is_an_argument_error()
    {
        Assert.Throws<ArgumentException>(() => GaussianProcess.Fit([1.0], [2.0]));
        Assert.Throws<ArgumentException>(() => GaussianProcess.Fit([1.0, 2], [2.0, double.NaN]));
        Assert.Throws<ArgumentException>(() => GaussianProcess.Fit([1.0, 2], [2.0]));
    }
}
