using Emergence.Measures;
using Emergence.Models;
using Emergence.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Tests.Measures;

/// <summary>The LLC of a GPT: the trimmed flat loss against the model's own forward pass.</summary>
public class LlcGptTests
{
    internal static Gpt Model()
    {
        torch.manual_seed(3);
        var model = new Gpt(new GptConfig("t", 2, 32, 4));
        // Move off the initialisation so that every parameter (biases, gains) matters.
        using var _ = torch.no_grad();
        foreach (var p in model.parameters()) p.add_(torch.randn_like(p) * 0.05);
        return model;
    }

    [Fact]
    public void The_trimmed_flat_loss_is_the_models_answer_loss_with_the_same_gradient()
    {
        using var scope = torch.NewDisposeScope();
        using var model = Model();
        var examples = ExampleSets.TrainingBatch(11, 0, 32);
        var batch = TokenBatch.Encode(examples, torch.CPU);
        var expected = AnswerLoss.Compute(model.forward(batch.Inputs), batch);
        var expectedGrad = ParameterVectors.Flatten(torch.autograd.grad([expected], [.. model.parameters()]), float32);
        var w = GptFlatLoss.Flatten(model).requires_grad_();
        var loss = new GptFlatLoss(model).Loss(w, TrimmedTokenBatch.Encode(examples, torch.CPU));
        var grad = torch.autograd.grad([loss], [w])[0];
        Assert.Equal(expected.item<float>(), loss.item<float>(), 5);
        Assert.True(grad.allclose(expectedGrad, rtol: 1e-4, atol: 1e-6), $"max gradient difference {(grad - expectedGrad).abs().max().item<float>()}");
    }

    [Fact]
    public void The_GPT_estimate_follows_the_same_chains_as_the_models_forward_pass_and_leaves_the_weights()
    {
        using var scope = torch.NewDisposeScope();
        using var model = Model();
        var before = ParameterVectors.Flatten(model.parameters(), float32);
        var options = new LlcOptions { Chains = 2, Draws = 15, BurnIn = 5, BatchSize = 16, InitLossBatches = 3, Gamma = 1000, NBeta = 4 };
        var fast = LlcMeasure.Estimate(model, options);
        Tensor ModuleLoss(long index)
        {
            var batch = TokenBatch.Encode(ExampleSets.TrainingBatch(options.Seed, index, options.BatchSize), torch.CPU);
            return AnswerLoss.Compute(model.forward(batch.Inputs), batch);
        }
        var reference = Llc.Estimate([.. model.parameters()], ModuleLoss, options);
        // Same batches and same noise: the same numbers up to float32 rounding.
        Assert.Equal(reference.InitLoss.Mean, fast.InitLoss.Mean, 5);
        Assert.Equal(reference.InitLoss.StandardError, fast.InitLoss.StandardError, 5);
        for (int c = 0; c < 2; c++)
        {
            Assert.Equal(20, fast.Chains[c].Losses.Length);
            for (int t = 0; t < 20; t++)
            {
                Assert.Equal(reference.Chains[c].Losses[t], fast.Chains[c].Losses[t], 4);
                Assert.Equal(reference.Chains[c].Distances[t], fast.Chains[c].Distances[t], 4);
            }
            Assert.Equal(reference.ChainAcceptance[c], fast.ChainAcceptance[c], 2);
        }
        Assert.Equal(reference.Mean, fast.Mean, 3);
        Assert.True(fast.Chains[0].Distances[^1] > 0, "the chain moved");
        Assert.True(ParameterVectors.Flatten(model.parameters(), float32).eq(before).all().item<bool>(), "weights unchanged");
    }
}
