using Emergence.Models;
using Emergence.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Tests.Tasks;

public class PackedBatchTests
{
    [Fact]
    public void Training_batches_pack_with_at_most_6_percent_padding()
    {
        using var scope = torch.NewDisposeScope();
        for (long step = 1; step <= 200; step++)
        {
            var examples = ExampleSets.TrainingBatch(0, step, 64);
            var packed = PackedBatch.Pack(examples, CPU);
            Assert.Equal(examples.Sum(e => (long)e.InputLength), packed.RealTokens);
            Assert.True(packed.PaddingShare <= 0.06, $"step {step}: padding {packed.PaddingShare:P1}");
            Assert.Equal(examples.Sum(e => (long)e.ScoredLength), packed.ScoredIndex.shape[0]);
        }
    }

    [Fact]
    public void Each_example_keeps_its_tokens_positions_and_scored_targets()
    {
        var examples = ExampleSets.TrainingBatch(3, 7, 20);
        using var scope = torch.NewDisposeScope();
        var packed = PackedBatch.Pack(examples, CPU);
        var padded = TokenBatch.Encode(examples, CPU);
        var inputs = packed.Inputs.data<long>().ToArray();
        var positions = packed.Positions.data<long>().ToArray();
        var index = packed.ScoredIndex.data<long>().ToArray();
        var example = packed.ScoredExample.data<long>().ToArray();
        var targets = packed.ScoredTargets.data<long>().ToArray();
        var paddedTargets = padded.Targets.data<long>().ToArray();
        var expected = Enumerable.Range(0, examples.Length)
            .SelectMany(i => Enumerable.Range(0, padded.Length).Where(j => paddedTargets[i * padded.Length + j] != TokenBatch.IgnoreIndex)
                .Select(j => (Example: i, Position: j, Target: paddedTargets[i * padded.Length + j]))).ToArray();
        Assert.Equal(expected.Length, index.Length);
        for (int k = 0; k < index.Length; k++)
        {
            var (i, j, target) = expected[k];
            Assert.Equal(i, example[k]);
            Assert.Equal(target, targets[k]);
            Assert.Equal(j, positions[index[k]]);
            // The example's tokens precede the scored position in the same row, from position 0.
            var tokens = examples[i].Tokens();
            long start = index[k] - j;
            Assert.Equal(tokens[..(j + 1)].Select(t => (long)t), inputs[(int)start..(int)(index[k] + 1)]);
        }
    }

    [Fact]
    public void Attention_stays_within_an_example_and_is_causal()
    {
        var examples = new[]
        {
            new TaskExample(TaskLevel.Parse("ADD_L1"), "ADD 2 3 =", "5"),
            new TaskExample(TaskLevel.Parse("CMP_L1"), "CMP 3 3 =", "EQUAL"),
            new TaskExample(TaskLevel.Parse("MOD_L1"), "MOD 9 2 =", "1"),
        };
        using var scope = torch.NewDisposeScope();
        // Longest first: CMP (15 tokens) at 0, ADD (11) at 15, MOD (11) at 26, padding from 37.
        var packed = PackedBatch.Pack(examples, CPU, rowLength: 40);
        Assert.Equal(1, packed.Rows);
        Assert.Equal(1 - 37 / 40.0, packed.PaddingShare, 12);
        var blocked = packed.Blocked.reshape(40, 40).data<bool>().ToArray();
        Assert.Equal(3, PackedBatch.Pack(examples, CPU, rowLength: 15).Rows);
        // Unless given, the row length computing the fewest positions: 22 holds ADD + MOD, and CMP.
        Assert.Equal(22, PackedBatch.Pack(examples, CPU).Length);
        Assert.Equal(2, PackedBatch.Pack(examples, CPU).Rows);
        for (int i = 0; i < 40; i++)
            for (int j = 0; j < 40; j++)
            {
                int Segment(int p) => p < 15 ? 0 : p < 26 ? 1 : p < 37 ? 2 : 3;
                bool allowed = j <= i && Segment(i) == Segment(j);
                Assert.Equal(!allowed, blocked[i * 40 + j]);
            }
    }

    /// <summary>
    /// The packed step computes the same mathematics as the padded one: the same logits at every
    /// scored position and the same gradient of the loss, under either weighting.
    /// </summary>
    [Theory]
    [InlineData(LossWeighting.Tokens)]
    [InlineData(LossWeighting.Examples)]
    public void Packed_gradients_match_the_padded_step(LossWeighting weighting)
    {
        torch.manual_seed(5);
        using var model = new Gpt(GptConfig.Preset("nano"));
        var parameters = model.parameters().ToArray();
        var examples = ExampleSets.TrainingBatch(0, 1, 64);
        using var scope = torch.NewDisposeScope();

        Tensor[] Gradient(Func<Tensor> loss)
        {
            foreach (var p in parameters) p.grad = null;
            loss().backward();
            return [.. parameters.Select(p => p.grad!.detach().clone())];
        }
        var padded = TokenBatch.Encode(examples, CPU);
        var packed = PackedBatch.Pack(examples, CPU);
        Assert.True(packed.Rows < 48);
        var paddedLoss = AnswerLoss.Compute(model.forward(padded.Inputs), padded, weighting).item<float>();
        var packedLoss = AnswerLoss.Compute(model.ScoredLogits(packed), packed, weighting).item<float>();
        Assert.Equal(paddedLoss, packedLoss, 5);
        var a = Gradient(() => AnswerLoss.Compute(model.forward(padded.Inputs), padded, weighting));
        var b = Gradient(() => AnswerLoss.Compute(model.ScoredLogits(packed), packed, weighting));
        for (int i = 0; i < a.Length; i++)
        {
            double relative = (a[i] - b[i]).norm().item<float>() / a[i].norm().item<float>();
            Assert.True(relative <= 1e-5, $"parameter {i}: relative difference {relative:E2}");
        }
    }
}
