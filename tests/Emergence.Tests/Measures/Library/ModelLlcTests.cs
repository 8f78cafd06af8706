using Emergence.Measures;
using Emergence.Measures.Library;
using Emergence.Tests.Support;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Emergence.Tests.Measures.Library;

/// <summary>
/// The LLC through the library on TorchSharp modules, against the known learning coefficients of
/// <see cref="Emergence.Tests.Measures.LlcTests"/> (devinterp's acceptance rule: the truth lies within
/// mean +- 2 std over chains).
/// </summary>
public class ModelLlcTests
{
    [Fact]
    public void Linear_regression_module_has_half_its_dimension()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(31);
        int n = 1000, d = 6;
        var x = torch.randn(n, d, dtype: float64);
        var y = x.matmul(torch.randn(d, 1, dtype: float64)) + 0.5 * torch.randn(n, 1, dtype: float64);
        using var model = nn.Linear(d, 1, hasBias: false, dtype: float64);
        using (torch.no_grad()) model.weight!.copy_(torch.linalg.lstsq(x, y).Solution.t());   // the minimum of the empirical loss
        var before = model.weight!.detach().clone();
        var measures = ModelMeasures.For(model, ((Tensor X, Tensor Y) b) => (model.forward(b.X) - b.Y).pow(2).squeeze(1),
            BatchSource.Cycle([(x, y)]));
        var options = new LlcOptions
        {
            Epsilon = 2e-4, Gamma = 1.0, NBeta = LlcOptions.DefaultNBeta(n), Chains = 4, Draws = 2000, BurnIn = 200, BatchSize = n, Seed = 5,
        };
        var r = measures.Llc(options);
        double truth = d / 2.0;
        Assert.InRange(truth, r.Mean - 2 * r.Std, r.Mean + 2 * r.Std);
        Assert.InRange(r.Mean, 0.85 * truth, 1.15 * truth);
        Assert.Equal(4, r.PerChain.Length);
        Assert.All(r.ChainAcceptance, a => Assert.InRange(a, 0.5, 1.0));
        Assert.Equal(1, r.Options.InitLossBatches);                 // one batch in the list: L(w*) on it alone
        Assert.Equal(r.Std / Math.Sqrt(4), r.StandardError, 12);   // the full-batch L(w*) has no spread
        Assert.False(r.Negative || r.NonFinite || r.BelowStandardError || r.LowAcceptance);
        Assert.True(model.weight!.detach().eq(before).all().item<bool>(), "weights restored exactly");
        Assert.True(model.training);
    }

    [Theory]
    [InlineData(1, 2, 0.25)]
    [InlineData(0, 1, 0.5)]
    [Trait(Category.Name, Category.Slow)]
    public void Normal_crossing_module_has_one_over_twice_the_largest_power(int p1, int p2, double truth)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(42);
        int n = 1000;
        var x = torch.normal(0, 2, [n], dtype: float64);
        var y = 0.25 * torch.randn(n, dtype: float64);
        using var model = new NormalCrossing(p1, p2);
        var measures = ModelMeasures.For(model, ((Tensor X, Tensor Y) b) => (model.forward(b.X) - b.Y).pow(2), BatchSource.Cycle([(x, y)]));
        var options = new LlcOptions
        {
            Epsilon = 2e-4, Gamma = 0, NBeta = LlcOptions.DefaultNBeta(n), Chains = 6, Draws = 2000, BurnIn = 0,
            BatchSize = n, BoundingBox = 1.0, Seed = 42,
        };
        var r = measures.Llc(options);
        Assert.InRange(truth, r.Mean - 2 * r.Std, r.Mean + 2 * r.Std);
        Assert.True(model.w.detach().eq(torch.zeros(2, dtype: float64)).all().item<bool>());
    }

    /// <summary>f(x) = x w1^p1 w2^p2 with w* = 0 (devinterp's normal-crossing fixture).</summary>
    private sealed class NormalCrossing : nn.Module<Tensor, Tensor>
    {
        public readonly Parameter w = nn.Parameter(torch.zeros(2, dtype: float64));
        private readonly double[] _powers;

        public NormalCrossing(int p1, int p2) : base(nameof(NormalCrossing))
        {
            _powers = [p1, p2];
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => x * w.pow(torch.tensor(_powers, dtype: float64)).prod();
    }
}
