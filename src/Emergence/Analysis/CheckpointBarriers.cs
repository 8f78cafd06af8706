using Emergence.Models;
using Emergence.Storage;
using Emergence.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Analysis;

/// <summary>
/// Loss barriers between consecutive saved checkpoints of a run (<see cref="LossBarrier"/>): for weights
/// w_t and w_u of consecutive checkpoints with saved weights, L is the training loss (<see cref="AnswerLoss"/>)
/// on a fixed batch (256 training examples from a fixed seed, the Hessian's batch). Rows, model-wide, at the
/// later step u: <c>loss_barrier</c> (B), <c>loss_barrier_alpha</c> (α at the maximum) and
/// <c>loss_barrier_from</c> (t).
/// </summary>
public static class CheckpointBarriers
{
    /// <summary>Training examples in the fixed batch the barrier losses are computed on.</summary>
    public const int DefaultBatchSize = 256;
    /// <summary>Seed of that batch.</summary>
    public const ulong BatchSeed = 20260204;

    /// <summary>
    /// Barriers of every consecutive pair of <paramref name="steps"/> whose later step is not in <paramref name="done"/>;
    /// each pair's rows are handed to <paramref name="record"/> as soon as they are computed.
    /// </summary>
    public static void Compute(RunFolder folder, GptConfig config, IReadOnlyList<long> steps, IReadOnlySet<long> done,
        int points, int batchSize, Device device, Action<IReadOnlyList<MetricRow>> record)
    {
        var grid = LossBarrier.Grid(points);
        using var scope = torch.NewDisposeScope();
        using var a = new Gpt(config);
        using var b = new Gpt(config);
        using var mix = new Gpt(config);
        foreach (var m in new[] { a, b, mix }) m.to(device);
        var batch = TokenBatch.Encode(ExampleSets.TrainingBatch(BatchSeed, 0, batchSize), device);
        for (int i = 1; i < steps.Count; i++)
        {
            if (done.Contains(steps[i])) continue;
            ModelWeights.Load(folder.WeightsFile(steps[i - 1]), a);
            ModelWeights.Load(folder.WeightsFile(steps[i]), b);
            var result = LossBarrier.Of(grid, [.. grid.Select(alpha => Loss(a, b, mix, alpha, batch))]);
            MetricRow Row(string name, double value) => new(steps[i], name, "", 0, MetricRow.NoLayer, value);
            record([Row(MetricNames.LossBarrier, result.Barrier), Row(MetricNames.LossBarrierAlpha, result.Alpha), Row(MetricNames.LossBarrierFrom, steps[i - 1])]);
        }
    }

    /// <summary>L((1 − α) w_a + α w_b) on the batch, the interpolated weights written into <paramref name="mix"/>.</summary>
    public static double Loss(Gpt a, Gpt b, Gpt mix, double alpha, TokenBatch batch)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        using var weightA = (1 - alpha).ToScalar();
        using var weightB = alpha.ToScalar();
        foreach (var ((pa, pb), pm) in a.parameters().Zip(b.parameters()).Zip(mix.parameters()))
            pm.copy_(pa.mul(weightA).Plus(pb.mul(weightB)));
        return AnswerLoss.Compute(mix.forward(batch.Inputs), batch).ToDouble();
    }
}
