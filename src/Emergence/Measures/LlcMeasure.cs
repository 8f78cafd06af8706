using Emergence.Models;
using Emergence.Storage;
using Emergence.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Measures;

/// <summary>
/// <see cref="Llc"/> of a GPT's training loss (<see cref="AnswerLoss"/>, computed by
/// <see cref="GptFlatLoss"/>) on training batches drawn from <see cref="LlcOptions.Seed"/> (never the
/// run's own stream): batch index i is <c>ExampleSets.TrainingBatch(Seed, i, BatchSize)</c>, so the
/// L(w*) set is the same at every checkpoint. The model's weights are read, never written.
/// Rows (metric names and meaning in docs/metrics.md): llc, llc_std, llc_se and its two parts,
/// the flags, the MALA acceptances, every setting, and per chain (level = chain number) its
/// estimate and diagnostics.
/// </summary>
public static class LlcMeasure
{
    public static LlcResult Estimate(Gpt model, LlcOptions options)
    {
        var device = model.parameters().First().device;
        var loss = new GptFlatLoss(model);
        (double, Tensor?) FlatLoss(Tensor w, long index, bool withGradient)
        {
            var batch = TrimmedTokenBatch.Encode(ExampleSets.TrainingBatch(options.Seed, index, options.BatchSize), device);
            if (!withGradient) return (loss.Loss(w, batch).item<float>(), null);
            var leaf = w.detach().requires_grad_();
            var value = loss.Loss(leaf, batch);
            var gradient = torch.autograd.grad([value], [leaf])[0];
            return (value.item<float>(), gradient);
        }
        using var scope = torch.NewDisposeScope();
        return Llc.Estimate(GptFlatLoss.Flatten(model), FlatLoss, options);
    }

    /// <summary>Estimates, warns (through <paramref name="warn"/>) when the estimate is unreliable, and returns the rows.</summary>
    public static IReadOnlyList<MetricRow> Measure(long step, Gpt model, LlcOptions options, Action<string>? warn)
    {
        var result = Estimate(model, options);
        if (Warning(step, result) is string message) warn?.Invoke(message);
        return Rows(step, result);
    }

    /// <summary>One line when the draws' MALA acceptance is below 0.9, else null.</summary>
    public static string? Warning(long step, LlcResult r) => r.LowAcceptance
        ? $"warning: LLC at step {step}: MALA acceptance over draws {r.AcceptanceDraws:F3} is below {LlcResult.AcceptanceWarningThreshold} " +
          $"(epsilon {r.Options.Epsilon:G3} is too large for this posterior); llc {r.Mean:G3} +- {r.StandardError:G3}"
        : null;

    public static IReadOnlyList<MetricRow> Rows(long step, LlcResult r)
    {
        MetricRow Row(string name, double value, int level = 0) => new(step, name, "", level, MetricRow.NoLayer, value);
        var o = r.Options;
        var rows = new List<MetricRow>
        {
            Row("llc", r.Mean), Row("llc_std", r.Std), Row("llc_se", r.StandardError),
            Row("llc_se_chains", r.ChainsStandardError), Row("llc_se_init_loss", r.InitLossStandardError),
            Row("llc_init_loss", r.InitLoss.Mean), Row("llc_init_loss_se", r.InitLoss.StandardError),
            Row("llc_negative", r.Negative ? 1 : 0), Row("llc_nonfinite", r.NonFinite ? 1 : 0),
            Row("llc_below_se", r.BelowStandardError ? 1 : 0), Row("llc_low_acceptance", r.LowAcceptance ? 1 : 0),
            Row("llc_mala_acceptance", r.Acceptance), Row("llc_mala_acceptance_draws", r.AcceptanceDraws),
            Row("llc_nbeta", r.NBeta), Row("llc_epsilon", o.Epsilon), Row("llc_gamma", o.Gamma),
            Row("llc_chains", o.Chains), Row("llc_draws", o.Draws), Row("llc_burnin", o.BurnIn),
            Row("llc_batch_size", o.BatchSize), Row("llc_init_loss_examples", o.InitLossExamples),
            Row("llc_seed", o.Seed),
        };
        if (o.BoundingBox is double box) rows.Add(Row("llc_bounding_box", box));
        var acceptance = r.ChainAcceptance;
        var acceptanceDraws = r.ChainAcceptanceDraws;
        for (int c = 0; c < r.PerChain.Length; c++)
        {
            var chain = r.Chains[c];
            rows.Add(Row("llc_chain", r.PerChain[c], c + 1));
            rows.Add(Row("llc_chain_mala_acceptance", acceptance[c], c + 1));
            rows.Add(Row("llc_chain_mala_acceptance_draws", acceptanceDraws[c], c + 1));
            rows.Add(Row("llc_chain_final_distance", chain.Distances.DefaultIfEmpty(double.NaN).Last(), c + 1));
            rows.Add(Row("llc_chain_draw_loss", chain.Losses.Skip(o.BurnIn).DefaultIfEmpty(double.NaN).Average(), c + 1));
        }
        return rows;
    }
}
