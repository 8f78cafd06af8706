using Emergence.Models;
using Emergence.Storage;
using Emergence.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Measures;

/// <summary>
/// <see cref="Hessian"/> of a GPT's training loss (<see cref="AnswerLoss"/>) on a fixed batch:
/// by default 256 training examples drawn from a fixed seed, the same at every checkpoint.
/// Rows: hessian_eig (level = rank k, 1 = largest), hessian_trace, hessian_trace_se,
/// hessian_eig_power (power-iteration estimate of the largest-magnitude eigenvalue),
/// hessian_power_iterations, hessian_lanczos_iterations, hessian_batch_loss.
/// </summary>
public static class HessianMeasure
{
    public static HessianResult Compute(Gpt model, HessianOptions options)
    {
        var device = model.parameters().First().device;
        var examples = ExampleSets.TrainingBatch(options.BatchSeed, 0, options.BatchSize);
        using var scope = torch.NewDisposeScope();
        var batch = TokenBatch.Encode(examples, device);
        return Hessian.Compute(() => AnswerLoss.Compute(model.forward(batch.Inputs), batch), [.. model.parameters()], options);
    }

    public static IReadOnlyList<MetricRow> Measure(long step, Gpt model, HessianOptions options)
    {
        var r = Compute(model, options);
        MetricRow Row(string name, double value, int level = 0) => new(step, name, "", level, MetricRow.NoLayer, value);
        var rows = r.TopEigenvalues.Select((e, i) => Row("hessian_eig", e, i + 1)).ToList();
        rows.Add(Row("hessian_trace", r.Trace));
        rows.Add(Row("hessian_trace_se", r.TraceStandardError));
        rows.Add(Row("hessian_eig_power", r.PowerEigenvalue));
        rows.Add(Row("hessian_power_iterations", r.PowerIterationsUsed));
        rows.Add(Row("hessian_lanczos_iterations", r.LanczosIterations));
        rows.Add(Row("hessian_batch_loss", r.Loss));
        return rows;
    }
}
