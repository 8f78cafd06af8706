using Emergence.Measures;
using Emergence.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Tests.Measures;

/// <summary>
/// Known learning coefficients, with devinterp's own acceptance rule
/// (tests/slt/sampler_accuracy_test.py): the true value lies within mean +- 2 std over chains.
/// </summary>
public class LlcTests
{
    [Fact]
    public void RegularLinearRegressionHasHalfItsDimension()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(31);
        int n = 1000, d = 6;
        var x = torch.randn(n, d, dtype: float64);
        var y = x.matmul(torch.randn(d, 1, dtype: float64)) + 0.5 * torch.randn(n, 1, dtype: float64);
        var wStar = torch.linalg.lstsq(x, y).Solution;             // the minimum of the empirical loss
        var w = wStar.clone().requires_grad_();
        var before = w.detach().clone();
        var options = new LlcOptions
        {
            Epsilon = 2e-4, Gamma = 1.0, NBeta = LlcOptions.DefaultNBeta(n), Chains = 4, Draws = 2000, BurnIn = 200, BatchSize = n, Seed = 5,
        };
        var r = Llc.Estimate([w], (_, _) => (x.matmul(w) - y).pow(2).mean(), options);
        double truth = d / 2.0;
        Assert.InRange(truth, r.Mean - 2 * r.Std, r.Mean + 2 * r.Std);
        Assert.InRange(r.Mean, 0.85 * truth, 1.15 * truth);
        Assert.False(r.Negative);
        Assert.False(r.NonFinite);
        Assert.All(r.MalaAcceptance, a => Assert.InRange(a, 0.5, 1.0));
        Assert.All(r.LossTraces, t => Assert.Equal(2200, t.Length));
        Assert.True(w.detach().eq(before).all().item<bool>(), "weights restored exactly");
    }

    [Theory]
    [InlineData(1, 2, 0.25)]
    [InlineData(0, 1, 0.5)]
    [Trait(Category.Name, Category.Slow)]
    public void NormalCrossingHasOneOverTwiceTheLargestPower(int p1, int p2, double truth)
    {
        using var scope = torch.NewDisposeScope();
        // devinterp's normal-crossing fixture: x ~ N(0, 2), y = 0.25 N(0, 1), f(x) = x * w1^p1 * w2^p2, w* = 0.
        torch.manual_seed(42);
        int n = 1000;
        var x = torch.normal(0, 2, [n], dtype: float64);
        var y = 0.25 * torch.randn(n, dtype: float64);
        var w = torch.zeros(2, dtype: float64).requires_grad_();
        var powers = torch.tensor(new double[] { p1, p2 }, dtype: float64);
        Tensor Loss() => (x * w.pow(powers).prod() - y).pow(2).mean();
        var options = new LlcOptions
        {
            Epsilon = 2e-4, Gamma = 0, NBeta = LlcOptions.DefaultNBeta(n), Chains = 6, Draws = 2000, BurnIn = 0,
            BatchSize = n, BoundingBox = 1.0, Seed = 42,
        };
        var r = Llc.Estimate([w], (_, _) => Loss(), options);
        Assert.InRange(truth, r.Mean - 2 * r.Std, r.Mean + 2 * r.Std);
        Assert.True(w.detach().eq(torch.zeros(2, dtype: float64)).all().item<bool>());
    }

    [Fact]
    public void ANonMinimumGivesANegativeEstimateFlaggedNotThrown()
    {
        using var scope = torch.NewDisposeScope();
        // Start on a slope: SGLD descends, the draws' loss falls below L(w*).
        var w = torch.tensor(new double[] { 3.0 }, dtype: float64).requires_grad_();
        var options = new LlcOptions { Epsilon = 1e-2, Gamma = 0, NBeta = 10, Chains = 2, Draws = 50, BurnIn = 0, BatchSize = 10 };
        var r = Llc.Estimate([w], (_, _) => w.pow(2).sum(), options);
        Assert.True(r.Mean < 0);
        Assert.True(r.Negative);
        Assert.Equal(3.0, w.item<double>());
    }

    [Fact]
    public void ADivergingChainIsFlaggedNotThrown()
    {
        using var scope = torch.NewDisposeScope();
        var w = torch.tensor(new double[] { 1.0 }, dtype: float64).requires_grad_();
        var options = new LlcOptions { Epsilon = 1.0, Gamma = 0, NBeta = 100, Chains = 2, Draws = 200, BurnIn = 0, BatchSize = 10 };
        var r = Llc.Estimate([w], (_, _) => w.pow(4).sum(), options);
        Assert.True(r.NonFinite);
        Assert.Equal(1.0, w.item<double>());
        Assert.NotEmpty(Llc.Rows(7, r));
    }

    [Fact]
    public void PresetsAreExplicit()
    {
        Assert.Equal(1.0, LlcOptions.Paper.EffectiveNBeta);
        Assert.Equal(1e-5, LlcOptions.Paper.Epsilon);
        Assert.Equal(10_000, LlcOptions.Paper.Gamma);
        Assert.Equal(500, LlcOptions.Paper.Draws + LlcOptions.Paper.BurnIn);
        Assert.Equal(64 / Math.Log(64), LlcOptions.Devinterp.EffectiveNBeta, 12);
        Assert.Throws<ArgumentException>(() => LlcOptions.FromPreset("bogus"));
    }
}
