using Emergence.Measures;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Tests.Measures;

/// <summary>Stochastic Lanczos quadrature against operators with known eigenvalues.</summary>
public sealed class SpectralDensityTests
{
    /// <summary>H = U diag(lambda) U^T (U = I when not rotated) as the Hessian of w^T H w / 2.</summary>
    private static HessianVectorProduct Operator(double[] spectrum, bool rotate, int seed = 3)
    {
        torch.manual_seed(seed);
        int n = spectrum.Length;
        var a = torch.diag(torch.tensor(spectrum, dtype: float64));
        if (rotate)
        {
            var (u, _) = torch.linalg.qr(torch.randn(n, n, dtype: float64));
            a = u.matmul(a).matmul(u.t());
        }
        var w = torch.zeros(n, dtype: float64).requires_grad_();
        return new HessianVectorProduct(0.5 * w.dot(a.matmul(w)), [w]);
    }

    private static double[] Spectrum(int n)
    {
        var random = new Random(11);
        var s = Enumerable.Range(0, n).Select(_ => 6 * random.NextDouble() - 1).ToArray();
        s[0] = 30;
        s[1] = 20;
        s[2] = -4;
        return s;
    }

    [Fact]
    public void With_as_many_steps_as_dimensions_the_nodes_are_the_eigenvalues_with_equal_weights()
    {
        using var scope = torch.NewDisposeScope();
        double[] spectrum = [-2, -0.5, 0.25, 1, 3, 4.5, 7, 10];
        var d = StochasticLanczosQuadrature.Estimate(Operator(spectrum, rotate: false), 3, 8, new torch.Generator(1));
        Assert.Equal(24, d.Nodes.Length);
        for (int start = 0; start < 3; start++)
            for (int i = 0; i < 8; i++)
            {
                Assert.Equal(spectrum[i], d.Nodes[8 * start + i], 1e-9);
                Assert.Equal(1.0 / 24, d.Weights[8 * start + i], 1e-12);
            }
        Assert.Equal(2.0 / 8, d.NegativeMass, 1e-12);
        Assert.Equal(spectrum.Sum(), d.Trace, 1e-9);
    }

    [Fact]
    public void Density_integrates_to_one_its_mean_is_trace_over_n_and_low_moments_are_exact()
    {
        using var scope = torch.NewDisposeScope();
        var spectrum = Spectrum(300);
        var d = StochasticLanczosQuadrature.Estimate(Operator(spectrum, rotate: false), 4, 25, new torch.Generator(2));
        Assert.Equal(100, d.Nodes.Length);
        Assert.Equal(1.0, d.Weights.Sum(), 1e-12);
        // Rademacher starts on a diagonal operator: every v_i^2 = 1/n, so the Gauss rule of m = 25 nodes
        // reproduces the moments (1/n) sum lambda^k exactly for k <= 2m - 1.
        for (int k = 1; k <= 5; k++)
        {
            double exact = spectrum.Average(l => Math.Pow(l, k));
            double quadrature = d.Nodes.Zip(d.Weights, (t, w) => w * Math.Pow(t, k)).Sum();
            Assert.True(Math.Abs(quadrature - exact) <= 1e-9 * Math.Pow(30, k), $"moment {k}: {quadrature} vs {exact}");
        }
        Assert.Equal(spectrum.Sum(), d.Trace, 1e-8);
        Assert.Equal(30, d.Nodes.Max(), 1e-8);   // the extremes converge first
        Assert.Equal(-4, d.Nodes.Min(), 1e-4);

        const double sigma = 0.2, h = 0.01;
        var grid = Enumerable.Range(0, (int)((30 - -4 + 20 * sigma) / h) + 1).Select(i => -4 - 10 * sigma + i * h).ToArray();
        var phi = d.Evaluate(grid, sigma);
        double integral = Trapezoid(grid, phi), mean = Trapezoid(grid, [.. phi.Select((p, i) => p * grid[i])]);
        Assert.Equal(1.0, integral, 1e-6);
        Assert.Equal(spectrum.Average(), mean, 1e-6);
    }

    [Fact]
    public void On_a_rotated_operator_the_mean_is_trace_over_n_within_its_standard_error()
    {
        using var scope = torch.NewDisposeScope();
        var spectrum = Spectrum(200);
        var hvp = Operator(spectrum, rotate: true);
        var d = StochasticLanczosQuadrature.Estimate(hvp, 6, 20, new torch.Generator(5));
        // Hutchinson's variance for one Rademacher start: 2 (||A||_F^2 - sum A_ii^2) / n^2 <= 2 sum lambda^2 / n^2.
        double se = Math.Sqrt(2 * spectrum.Sum(l => l * l) / 6) / 200;
        Assert.True(Math.Abs(d.Mean - spectrum.Average()) <= 4 * se, $"mean {d.Mean} vs {spectrum.Average()} (se {se})");
        Assert.Equal(30, d.Nodes.Max(), 1e-6);
    }

    [Fact]
    public void Negative_mass_leaves_out_round_off_around_a_bulk_at_zero()
    {
        var d = new SpectralDensity([-1e-4, 2e-4, -3, 50], [0.5, 0.3, 0.15, 0.05], 1, 4, 100);
        Assert.Equal(0.15, d.NegativeMass, 1e-12);
        Assert.Equal(0.5 * -1e-4 + 0.3 * 2e-4 - 0.45 + 2.5, d.Mean, 1e-12);
        Assert.Equal(100 * d.Mean, d.Trace, 1e-12);
    }

    [Fact]
    public void Bad_settings_are_refused()
    {
        using var scope = torch.NewDisposeScope();
        var hvp = Operator([1, 2, 3], rotate: false);
        Assert.Contains("starts", Assert.Throws<ArgumentException>(() => StochasticLanczosQuadrature.Estimate(hvp, 0, 5, new torch.Generator(1))).Message);
        Assert.Contains("steps", Assert.Throws<ArgumentException>(() => StochasticLanczosQuadrature.Estimate(hvp, 1, 1, new torch.Generator(1))).Message);
    }

    private static double Trapezoid(double[] x, double[] y) =>
        Enumerable.Range(1, x.Length - 1).Sum(i => (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2);
}
