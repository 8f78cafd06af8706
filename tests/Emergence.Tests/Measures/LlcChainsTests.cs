using Emergence.Measures;
using Emergence.Models;
using Emergence.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Tests.Measures;

/// <summary>SGLD chains stepped together: the same chains as run one after another, up to float rounding.</summary>
public class LlcChainsTests
{
    private static double Relative(double a, double b) => Math.Abs(a - b) / Math.Max(Math.Abs(b), 1e-12);

    [Fact]
    public void The_chains_flat_loss_and_gradient_equal_one_flat_loss_per_chain()
    {
        using var scope = torch.NewDisposeScope();
        using var model = LlcGptTests.Model();
        var star = GptFlatLoss.Flatten(model);
        torch.manual_seed(8);
        var w = (star.unsqueeze(0) + 0.01 * torch.randn(3, star.shape[0])).requires_grad_();
        // Batches of different lengths and token counts: 5 examples from three seeds.
        var batches = new[] { ExampleSets.TrainingBatch(1, 0, 5), ExampleSets.TrainingBatch(2, 7, 5), ExampleSets.TrainingBatch(3, 9, 5) };
        Assert.True(batches.Select(b => b.Sum(e => e.InputLength)).Distinct().Count() > 1, "the chains' batches differ in size");
        var losses = new GptChainsFlatLoss(model).Losses(w, ChainsTokenBatch.Encode(batches, torch.CPU));
        var gradient = torch.autograd.grad([losses.sum()], [w])[0];
        var single = new GptFlatLoss(model);
        for (int c = 0; c < 3; c++)
        {
            var row = w[c].detach().requires_grad_();
            var expected = single.Loss(row, TrimmedTokenBatch.Encode(batches[c], torch.CPU));
            var expectedGradient = torch.autograd.grad([expected], [row])[0];
            Assert.True(Relative(losses[c].item<float>(), expected.item<float>()) < 1e-5, $"chain {c}: {losses[c].item<float>()} against {expected.item<float>()}");
            Assert.True(gradient[c].allclose(expectedGradient, rtol: 1e-4, atol: 1e-6),
                $"chain {c}: max gradient difference {(gradient[c] - expectedGradient).abs().max().item<float>()}");
        }
    }

    [Fact]
    public void Four_GPT_chains_stepped_together_follow_the_chains_run_one_after_another()
    {
        using var scope = torch.NewDisposeScope();
        using var model = LlcGptTests.Model();
        var options = new LlcOptions { Chains = 4, Draws = 15, BurnIn = 5, BatchSize = 16, InitLossBatches = 3, Gamma = 1000, NBeta = 4, Epsilon = 1e-4 };
        var apart = LlcMeasure.Estimate(model, options, chainsTogether: false);
        var together = LlcMeasure.Estimate(model, options, chainsTogether: true);
        Assert.Equal(apart.InitLoss.Mean, together.InitLoss.Mean, 12);
        for (int c = 0; c < 4; c++)
        {
            Assert.Equal(20, together.Chains[c].Losses.Length);
            Assert.Equal(19, together.Chains[c].Acceptance.Length);
            for (int t = 0; t < 20; t++)
            {
                Assert.True(Relative(together.Chains[c].Losses[t], apart.Chains[c].Losses[t]) < 1e-4, $"chain {c} step {t} loss");
                Assert.True(Relative(together.Chains[c].Distances[t], apart.Chains[c].Distances[t]) < 1e-4, $"chain {c} step {t} distance");
            }
            for (int t = 0; t < 19; t++) Assert.Equal(apart.Chains[c].Acceptance[t], together.Chains[c].Acceptance[t], 3);
            Assert.Equal(apart.PerChain[c], together.PerChain[c], 3);
        }
        // The chains differ from one another (own batches and noise) and have moved.
        Assert.NotEqual(together.Chains[0].Losses[10], together.Chains[1].Losses[10]);
        Assert.True(together.Chains[3].Distances[^1] > 0);
    }

    [Fact]
    public void A_diverging_chain_stops_alone_and_the_others_keep_their_trajectories()
    {
        using var scope = torch.NewDisposeScope();
        var star = torch.tensor(new[] { 0.1, -0.2, 0.3, 0.0, 0.5 }, dtype: float64);
        long poisoned = Llc.ChainBatch(1, 7);
        // Quadratic loss 0.5 ||w - a_b||^2 around a batch-dependent centre; chain 1's 8th batch gives NaN.
        Tensor Centre(long b) => torch.full(5, 0.01 * Math.Sin(b), dtype: float64);
        (double, Tensor?) One(Tensor w, long b, bool _) =>
            (b == poisoned ? double.NaN : 0.5 * (w - Centre(b)).square().sum().item<double>(), w - Centre(b));
        (double[], Tensor?) Chains(Tensor w, long[] batches, bool _)
        {
            var results = batches.Select((b, c) => One(w[c], b, true)).ToArray();
            return ([.. results.Select(r => r.Item1)], torch.stack(results.Select(r => r.Item2!)));
        }
        var options = new LlcOptions { Chains = 3, Draws = 20, BurnIn = 0, Epsilon = 1e-2, Gamma = 1, NBeta = 10, BoundingBox = 0.2 };
        var together = LlcChains.Run(star, Chains, options);
        for (int c = 0; c < 3; c++)
        {
            var apart = Llc.RunChain(star, One, options, c);
            Assert.Equal(c == 1 ? 7 : 20, together[c].Losses.Length);
            Assert.Equal(apart.Losses.Length, together[c].Losses.Length);
            for (int t = 0; t < apart.Losses.Length; t++)
            {
                Assert.Equal(apart.Losses[t], together[c].Losses[t], 12);
                Assert.Equal(apart.Distances[t], together[c].Distances[t], 12);
            }
            Assert.Equal(apart.Acceptance, together[c].Acceptance, (a, b) => Math.Abs(a - b) < 1e-12);
        }
        Assert.True(double.IsNaN(LlcResult.From(together, new LlcInitialLoss(0, 0, 1), options).PerChain[1]));
    }

    [Fact]
    public void Chains_stepped_together_keep_the_live_tensor_count_flat()
    {
        using var scope = torch.NewDisposeScope();
        using var model = LlcGptTests.Model();
        var options = new LlcOptions { Chains = 2, Draws = 3, BurnIn = 1, BatchSize = 8, InitLossBatches = 2 };
        LlcMeasure.Estimate(model, options, chainsTogether: true);
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int i = 0; i < 2; i++) LlcMeasure.Estimate(model, options, chainsTogether: true);
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
