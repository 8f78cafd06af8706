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
    /// <summary>The Hessian result of the model's training loss on the fixed batch of <see cref="HessianOptions.BatchSize"/> examples.</summary>
    public static HessianResult Compute(Gpt model, HessianOptions options)
    {
        var device = model.parameters().First().device;
        var examples = ExampleSets.TrainingBatch(options.BatchSeed, 0, options.BatchSize);
        using var scope = torch.NewDisposeScope();
        var batch = TokenBatch.Encode(examples, device);
        return Hessian.Compute(() => AnswerLoss.Compute(model.forward(batch.Inputs), batch), [.. model.parameters()], options);
    }

    /// <summary>The Hessian metric rows of the model at a step.</summary>
    public static IReadOnlyList<MetricRow> Measure(long step, Gpt model, HessianOptions options) => Rows(step, Compute(model, options), options);

    /// <summary>The metric rows of a Hessian result (names of docs/metrics.md).</summary>
    public static IReadOnlyList<MetricRow> Rows(long step, HessianResult r, HessianOptions options)
    {
        MetricRow Row(string name, double value, int level = 0) => new(step, name, "", level, MetricRow.NoLayer, value);
        static double Flag(bool value) => value ? 1 : 0;
        var l = r.Lanczos;
        var rows = new List<MetricRow>();
        for (int i = 0; i < l.Eigenvalues.Length; i++)
        {
            rows.Add(Row(MetricNames.HessianEig, l.Eigenvalues[i], i + 1));
            rows.Add(Row(MetricNames.HessianEigResidual, l.Residuals[i], i + 1));
            rows.Add(Row(MetricNames.HessianEigConverged, Flag(l.Converged[i]), i + 1));
        }
        rows.Add(Row(MetricNames.HessianEigMin, l.Smallest));
        rows.Add(Row(MetricNames.HessianEigMinResidual, l.SmallestResidual));
        rows.Add(Row(MetricNames.HessianLanczosIterations, l.Iterations));
        rows.Add(Row(MetricNames.HessianLanczosConverged, Flag(l.AllConverged)));
        rows.Add(Row(MetricNames.HessianLanczosTolerance, options.LanczosTolerance));
        rows.Add(Row(MetricNames.HessianLanczosBudget, options.MaxLanczosIterations));
        if (r.Trace is { } t)
        {
            rows.Add(Row(MetricNames.HessianTrace, t.Trace));
            rows.Add(Row(MetricNames.HessianTraceSe, t.StandardError));
            rows.Add(Row(MetricNames.HessianTraceProbes, t.Probes));
            rows.Add(Row(MetricNames.HessianTraceTarget, options.TraceRelativeError));
            rows.Add(Row(MetricNames.HessianTraceTargetMet, Flag(t.TargetMet)));
        }
        if (r.Power is { } p)
        {
            rows.Add(Row(MetricNames.HessianEigPower, p.Eigenvalue));
            rows.Add(Row(MetricNames.HessianPowerResidual, p.Residual));
            rows.Add(Row(MetricNames.HessianPowerIterations, p.Iterations));
            rows.Add(Row(MetricNames.HessianPowerConverged, Flag(p.Converged)));
            rows.Add(Row(MetricNames.HessianPowerMismatch, Flag(p.Mismatch)));
        }
        rows.Add(Row(MetricNames.HessianBatchSize, options.BatchSize));
        rows.Add(Row(MetricNames.HessianBatchLoss, r.Loss));
        return rows;
    }
}
