using Emergence.Measures;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Tests.Measures;

/// <summary>Lanczos, the power check and the trace against eigvalsh of Hessians with a chosen
/// spectrum: L(w) = w^T A w / 2 + sum(tanh(w)^3) / 50 (a small non-quadratic part), A = U diag(lambda) U^T.</summary>
public class HessianSpectrumTests
{
    private static (Tensor W, Func<Tensor> Loss) Quadratic(double[] spectrum, int seed)
    {
        torch.manual_seed(seed);
        int n = spectrum.Length;
        var (u, _) = torch.linalg.qr(torch.randn(n, n, dtype: float64));
        var a = u.matmul(torch.diag(torch.tensor(spectrum, dtype: float64))).matmul(u.t());
        var w = (0.1 * torch.randn(n, dtype: float64)).requires_grad_();
        return (w, () => 0.5 * w.dot(a.matmul(w)) + torch.tanh(w).pow(3).sum() / 50);
    }

    /// <summary>The exact Hessian, column by column (H e_i by double backward).</summary>
    private static Tensor ExactHessian(Func<Tensor> loss, Tensor w)
    {
        int n = (int)w.numel();
        var hvp = new HessianVectorProduct(loss(), [w]);
        var h = torch.zeros(n, n, dtype: float64);
        for (int i = 0; i < n; i++)
        {
            var e = torch.zeros(n, dtype: float64);
            e[i] = 1.0;
            h[TensorIndex.Colon, i] = hvp.Apply(e);
        }
        return (h + h.t()) / 2;
    }

    /// <summary>As at initialisation: 20 top eigenvalues clustered within 10%, a larger negative one, a bulk near 0.</summary>
    private static double[] ClusteredSpectrum(int n)
    {
        var random = new Random(5);
        var spectrum = new double[n];
        for (int i = 0; i < n; i++) spectrum[i] = i < 20 ? 60 + 6 * random.NextDouble() : 2 * random.NextDouble() - 1;
        spectrum[20] = -100;
        return spectrum;
    }

    [Fact]
    public void Top_twenty_of_a_clustered_spectrum_converge_to_the_tolerance_and_an_exhausted_budget_is_recorded()
    {
        using var scope = torch.NewDisposeScope();
        var (w, loss) = Quadratic(ClusteredSpectrum(400), 1);
        var exact = Spectra.SymmetricEigenvalues(ExactHessian(loss, w));
        var options = new HessianOptions { MaxTraceProbes = 0, PowerIterations = 0 };
        var result = Hessian.Compute(loss, [w], options).Lanczos;
        Assert.True(result.AllConverged);
        Assert.True(result.Iterations < 400, $"{result.Iterations} iterations");
        double bound = options.LanczosTolerance * Math.Abs(exact[^1]);
        for (int k = 0; k < 20; k++)
        {
            Assert.True(Math.Abs(result.Eigenvalues[k] - exact[k]) <= bound, $"k = {k + 1}: {result.Eigenvalues[k]} vs {exact[k]}");
            Assert.True(result.Residuals[k] <= bound, $"k = {k + 1}: residual {result.Residuals[k]}");
        }
        Assert.Equal(exact[^1], result.Smallest, 3);

        // Too small a budget: the values stop short, and say so.
        var cut = Hessian.Compute(loss, [w], options with { MaxLanczosIterations = 25 }).Lanczos;
        Assert.Equal(25, cut.Iterations);
        Assert.False(cut.AllConverged);
        for (int k = 0; k < 20; k++)
            if (cut.Converged[k]) Assert.True(cut.Residuals[k] <= bound);
            else Assert.True(cut.Residuals[k] > bound);
    }

    [Fact]
    public void Power_check_finds_the_largest_magnitude_and_flags_a_Lanczos_that_missed_it()
    {
        using var scope = torch.NewDisposeScope();
        var spectrum = ClusteredSpectrum(300);
        var (w, loss) = Quadratic(spectrum, 2);
        var exact = Spectra.SymmetricEigenvalues(ExactHessian(loss, w));
        var options = new HessianOptions { MaxTraceProbes = 0, PowerIterations = 500, PowerTolerance = 1e-4 };
        var result = Hessian.Compute(loss, [w], options);
        var power = result.Power!;
        Assert.True(power.Converged, $"{power}");
        Assert.True(Math.Abs(power.Eigenvalue - exact[^1]) <= power.Residual, $"{power} vs {exact[^1]}");
        Assert.False(power.Mismatch);

        // A Lanczos that stopped after 2 iterations has not seen -100: the check says so.
        var blind = result.Lanczos with { Smallest = exact[0], SmallestResidual = 0, Residuals = [.. result.Lanczos.Residuals.Select(_ => 0.0)] };
        var hvp = new HessianVectorProduct(loss(), [w]);
        var check = Hessian.PowerIteration(hvp, blind, 500, 1e-4, new torch.Generator(7));
        Assert.True(check.Mismatch);
    }

    [Fact]
    public void Deflated_trace_lands_within_its_error_and_beats_plain_Hutchinson_at_equal_products()
    {
        using var scope = torch.NewDisposeScope();
        int n = 500;
        var random = new Random(9);
        var spectrum = Enumerable.Range(0, n).Select(i => i < 10 ? 200 + 20.0 * i : random.NextDouble() - 0.3).ToArray();
        var (w, loss) = Quadratic(spectrum, 3);
        var h = ExactHessian(loss, w);
        double exactTrace = h.trace().ToDouble();
        var options = new HessianOptions { TopK = 10, PowerIterations = 0, TraceRelativeError = 1e-4, MaxTraceProbes = 40 };
        var result = Hessian.Compute(loss, [w], options);
        var t = result.Trace!;
        Assert.InRange(exactTrace, t.Trace - 3 * t.StandardError, t.Trace + 3 * t.StandardError);
        Assert.Equal(40, t.Probes);
        Assert.False(t.TargetMet);

        // Plain Hutchinson with as many products (Lanczos + probes): Var(z^T H z) = 2 (||H||_F^2 - sum H_ii^2).
        int products = result.Lanczos.Iterations + t.Probes;
        double plainSe = Math.Sqrt(2 * (h.pow(2).sum().ToDouble() - h.diagonal().pow(2).sum().ToDouble()) / products);
        Assert.True(t.StandardError < plainSe / 5, $"deflated se {t.StandardError} vs plain {plainSe} at {products} products");
        var plain = HessianTrace.Estimate(new HessianVectorProduct(loss(), [w]), null, null, 1e-9, products, new torch.Generator(4));
        Assert.True(t.StandardError < plain.StandardError / 5, $"deflated se {t.StandardError} vs plain sample se {plain.StandardError}");
    }
}
