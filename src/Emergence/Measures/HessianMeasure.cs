using Emergence.Models;
using Emergence.Storage;
using Emergence.Tasks;
using TorchSharp;

namespace Emergence.Measures;

/// <summary>
/// <see cref="Hessian"/> of a GPT's training loss (<see cref="AnswerLoss"/>) on a fixed batch of
/// <see cref="HessianOptions.BatchSize"/> training examples drawn from a fixed seed, the same at every
/// checkpoint. Rows (docs/metrics.md): per rank k (level = k, 1 = largest) hessian_eig,
/// hessian_eig_residual, hessian_eig_converged; hessian_eig_min and hessian_eig_min_residual;
/// hessian_lanczos_iterations, hessian_lanczos_converged, hessian_lanczos_tolerance,
/// hessian_lanczos_budget; hessian_trace, hessian_trace_se, hessian_trace_probes,
/// hessian_trace_target, hessian_trace_target_met; hessian_eig_power, hessian_power_residual,
/// hessian_power_iterations, hessian_power_converged, hessian_power_mismatch; hessian_batch_size,
/// hessian_batch_loss.
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

    public static IReadOnlyList<MetricRow> Measure(long step, Gpt model, HessianOptions options) => Rows(step, Compute(model, options), options);

    public static IReadOnlyList<MetricRow> Rows(long step, HessianResult r, HessianOptions options)
    {
        MetricRow Row(string name, double value, int level = 0) => new(step, name, "", level, MetricRow.NoLayer, value);
        static double Flag(bool value) => value ? 1 : 0;
        var l = r.Lanczos;
        var rows = new List<MetricRow>();
        for (int i = 0; i < l.Eigenvalues.Length; i++)
        {
            rows.Add(Row("hessian_eig", l.Eigenvalues[i], i + 1));
            rows.Add(Row("hessian_eig_residual", l.Residuals[i], i + 1));
            rows.Add(Row("hessian_eig_converged", Flag(l.Converged[i]), i + 1));
        }
        rows.Add(Row("hessian_eig_min", l.Smallest));
        rows.Add(Row("hessian_eig_min_residual", l.SmallestResidual));
        rows.Add(Row("hessian_lanczos_iterations", l.Iterations));
        rows.Add(Row("hessian_lanczos_converged", Flag(l.AllConverged)));
        rows.Add(Row("hessian_lanczos_tolerance", options.LanczosTolerance));
        rows.Add(Row("hessian_lanczos_budget", options.MaxLanczosIterations));
        if (r.Trace is { } t)
        {
            rows.Add(Row("hessian_trace", t.Trace));
            rows.Add(Row("hessian_trace_se", t.StandardError));
            rows.Add(Row("hessian_trace_probes", t.Probes));
            rows.Add(Row("hessian_trace_target", options.TraceRelativeError));
            rows.Add(Row("hessian_trace_target_met", Flag(t.TargetMet)));
        }
        if (r.Power is { } p)
        {
            rows.Add(Row("hessian_eig_power", p.Eigenvalue));
            rows.Add(Row("hessian_power_residual", p.Residual));
            rows.Add(Row("hessian_power_iterations", p.Iterations));
            rows.Add(Row("hessian_power_converged", Flag(p.Converged)));
            rows.Add(Row("hessian_power_mismatch", Flag(p.Mismatch)));
        }
        rows.Add(Row("hessian_batch_size", options.BatchSize));
        rows.Add(Row("hessian_batch_loss", r.Loss));
        return rows;
    }
}
