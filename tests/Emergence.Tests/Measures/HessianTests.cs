using Emergence.Measures;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Tests.Measures;

public class HessianTests
{
    [Fact]
    public void Lanczos_matches_the_exact_Hessian_of_linear_regression()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(10);
        int n = 200, d = 30;
        var x = torch.randn(n, d, dtype: float64) * torch.linspace(0.1, 3, d, dtype: float64);
        var y = torch.randn(n, dtype: float64);
        var w = torch.zeros(d, dtype: float64).requires_grad_();
        // L = ||X w - y||^2 / (2n)  =>  H = X^T X / n
        Tensor Loss() => (x.matmul(w) - y).pow(2).sum() / (2 * n);
        var exact = Spectra.SymmetricEigenvalues(x.t().matmul(x) / n);
        var result = Hessian.Compute(Loss, [w], new HessianOptions { TopK = 5, LanczosTolerance = 1e-9, MaxLanczosIterations = 30, MaxTraceProbes = 200, PowerIterations = 2000, PowerTolerance = 1e-6 });
        for (int i = 0; i < 5; i++) Assert.Equal(exact[i], result.TopEigenvalues[i], 6);
        Assert.True(Math.Abs(result.Power!.Eigenvalue - exact[0]) < 1e-3 * exact[0], $"power {result.Power.Eigenvalue} vs {exact[0]}");
        Assert.False(result.Power.Mismatch);
        double trace = exact.Sum();
        var t = result.Trace!;
        Assert.InRange(trace, t.Trace - 4 * t.StandardError, t.Trace + 4 * t.StandardError);
    }

    [Fact]
    public void Lanczos_matches_the_exact_Hessian_of_a_small_MLP()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(11);
        var x = torch.randn(64, 3, dtype: float64);
        var y = torch.randn(64, 1, dtype: float64);
        var w1 = (0.8 * torch.randn(5, 3, dtype: float64)).requires_grad_();
        var b1 = (0.1 * torch.randn(5, dtype: float64)).requires_grad_();
        var w2 = (0.8 * torch.randn(1, 5, dtype: float64)).requires_grad_();
        Tensor[] parameters = [w1, b1, w2];
        Tensor Loss() => (torch.tanh(x.matmul(w1.t()) + b1).matmul(w2.t()) - y).pow(2).mean();
        int p = 5 * 3 + 5 + 5;

        // The exact Hessian, column by column: H e_i by double backward.
        var hvp = new HessianVectorProduct(Loss(), parameters);
        var h = torch.zeros(p, p, dtype: float64);
        for (int i = 0; i < p; i++)
        {
            var e = torch.zeros(p, dtype: float64);
            e[i] = 1.0;
            h[TensorIndex.Colon, i] = hvp.Apply(e);
        }
        Assert.True((h - h.t()).abs().max().item<double>() < 1e-10);
        var exact = Spectra.SymmetricEigenvalues(h);

        var result = Hessian.Compute(Loss, parameters, new HessianOptions { TopK = 6, LanczosTolerance = 1e-9, MaxTraceProbes = 400 });
        Assert.True(result.Lanczos.AllConverged);
        for (int i = 0; i < 6; i++) Assert.Equal(exact[i], result.TopEigenvalues[i], 6);
        Assert.Equal(exact[^1], result.Lanczos.Smallest, 6);
        double trace = exact.Sum();
        var t = result.Trace!;
        Assert.InRange(trace, t.Trace - 4 * t.StandardError, t.Trace + 4 * t.StandardError);
        Assert.True(t.Probes > 0 ? t.StandardError > 0 : Math.Abs(t.Trace - trace) < 1e-9, $"{t}");
    }
}
