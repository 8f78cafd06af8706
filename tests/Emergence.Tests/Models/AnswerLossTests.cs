using Emergence.Models;
using Emergence.Tasks;
using Emergence.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Tests.Models;

/// <summary>The training loss's two weightings against the per-token losses summed by hand.</summary>
public class AnswerLossTests
{
    private static readonly TaskExample[] Examples =
    [
        new(TaskLevel.Parse("SORT_L3"), "SORT 7 3 9 1 0 4 4 2 =", "0 1 2 3 4 4 7 9"), // 16 scored tokens
        new(TaskLevel.Parse("MOD_L1"), "MOD 17 5 =", "2"),                             // 2
        new(TaskLevel.Parse("ADD_L2"), "ADD 23 45 =", "68"),                             // 3
    ];

    /// <summary>−log p(target) at every scored position, by log-softmax and indexing, grouped by example.</summary>
    private static double[][] TokenLosses(Tensor logits, TokenBatch batch)
    {
        var logProbs = nn.functional.log_softmax(logits, -1);
        var targets = batch.Targets.data<long>().ToArray();
        int t = batch.Length;
        return [.. Enumerable.Range(0, batch.Count).Select(i => Enumerable.Range(0, t)
            .Where(p => targets[i * t + p] != TokenBatch.IgnoreIndex)
            .Select(p => -logProbs[i, p, targets[i * t + p]].item<float>()).Select(x => (double)x).ToArray())];
    }

    [Fact]
    public void Token_and_example_weighting_are_the_pooled_and_the_per_example_means()
    {
        torch.manual_seed(3);
        using var model = new Gpt(GptConfig.Preset("nano"));
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var padded = TokenBatch.Encode(Examples, CPU);
        var logits = model.forward(padded.Inputs);
        var losses = TokenLosses(logits, padded);
        Assert.Equal([16, 2, 3], losses.Select(l => l.Length));

        double pooled = losses.SelectMany(l => l).Sum() / 21;
        double perExample = losses.Average(l => l.Average());
        Assert.True(Math.Abs(pooled - perExample) > 1e-3, $"the case must tell the two apart ({pooled} vs {perExample})");

        var packed = PackedBatch.Pack(Examples, CPU);
        var scored = model.ScoredLogits(packed);
        Assert.Equal(pooled, AnswerLoss.Compute(logits, padded).item<float>(), 5);
        Assert.Equal(pooled, AnswerLoss.Compute(scored, packed).item<float>(), 5);
        Assert.Equal(perExample, AnswerLoss.Compute(logits, padded, LossWeighting.Examples).item<float>(), 5);
        Assert.Equal(perExample, AnswerLoss.Compute(scored, packed, LossWeighting.Examples).item<float>(), 5);
    }

    [Fact]
    public void A_stored_configuration_without_a_loss_weighting_reads_as_token_weighted()
    {
        var config = TrainingConfig.Paper(GptConfig.Preset("nano"), steps: 100);
        var json = config.ToJson();
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        Assert.Equal("tokens", (string?)node["loss_weighting"]);
        node.Remove("loss_weighting");
        var older = node.ToJsonString();
        Assert.Equal(json, TrainingConfig.Normalise(older));
        var examples = config with { LossWeighting = LossWeighting.Examples };
        Assert.Equal(LossWeighting.Examples, TrainingConfig.FromJson(examples.ToJson()).LossWeighting);
    }
}
