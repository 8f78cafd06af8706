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
    /// <summary>
    /// Estimates the LLC at the model's current weights (which are restored bit for bit). With
    /// <paramref name="chainsTogether"/> the chains are stepped together (<see cref="LlcChains"/>,
    /// <see cref="GptChainsFlatLoss"/>), else one after another (<see cref="Llc.Estimate(Tensor, Llc.FlatLoss, LlcOptions)"/>);
    /// both give the same numbers up to float32 rounding. Stepping together is not faster on the
    /// 2-core machine of BENCHMARKS.md (section LLC), so it is not the default.
    /// </summary>
    public static LlcResult Estimate(Gpt model, LlcOptions options, bool chainsTogether = false)
    {
        var device = model.parameters().First().device;
        var loss = new GptFlatLoss(model);
        var chainsLoss = new GptChainsFlatLoss(model);
        TaskExample[] Examples(long index) => ExampleSets.TrainingBatch(options.Seed, index, options.BatchSize);
        (double, Tensor?) FlatLoss(Tensor w, long index, bool withGradient)
        {
            var batch = TrimmedTokenBatch.Encode(Examples(index), device);
            if (!withGradient) return (loss.Loss(w, batch).item<float>(), null);
            var leaf = w.detach().requires_grad_();
            var value = loss.Loss(leaf, batch);
            var gradient = torch.autograd.grad([value], [leaf])[0];
            return (value.item<float>(), gradient);
        }
        (double[], Tensor?) ChainsLoss(Tensor w, long[] indices, bool withGradient)
        {
            var batch = ChainsTokenBatch.Encode([.. indices.Select(Examples)], device);
            var leaf = withGradient ? w.detach().requires_grad_() : w;
            var values = chainsLoss.Losses(leaf, batch);
            var gradient = withGradient ? torch.autograd.grad([values.sum()], [leaf])[0] : null;
            return ([.. values.detach().cpu().data<float>().ToArray().Select(v => (double)v)], gradient);
        }
        using var scope = torch.NewDisposeScope();
        var star = GptFlatLoss.Flatten(model);
        return chainsTogether ? LlcChains.Estimate(star, FlatLoss, ChainsLoss, options) : Llc.Estimate(star, FlatLoss, options);
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

    /// <summary>The metric rows of an estimate (names of docs/metrics.md).</summary>
    public static IReadOnlyList<MetricRow> Rows(long step, LlcResult r)
    {
        MetricRow Row(string name, double value, int level = 0) => new(step, name, "", level, MetricRow.NoLayer, value);
        var o = r.Options;
        var rows = new List<MetricRow>
        {
            Row(MetricNames.Llc, r.Mean), Row(MetricNames.LlcSe, r.StandardError),
            Row(MetricNames.LlcSeChains, r.ChainsStandardError), Row(MetricNames.LlcSeInitLoss, r.InitLossStandardError),
            Row(MetricNames.LlcInitLoss, r.InitLoss.Mean), Row(MetricNames.LlcInitLossSe, r.InitLoss.StandardError),
            Row(MetricNames.LlcNegative, r.Negative ? 1 : 0), Row(MetricNames.LlcNonfinite, r.NonFinite ? 1 : 0),
            Row(MetricNames.LlcBelowSe, r.BelowStandardError ? 1 : 0), Row(MetricNames.LlcLowAcceptance, r.LowAcceptance ? 1 : 0),
            Row(MetricNames.LlcMalaAcceptance, r.Acceptance), Row(MetricNames.LlcMalaAcceptanceDraws, r.AcceptanceDraws),
            Row(MetricNames.LlcNBeta, r.NBeta), Row(MetricNames.LlcEpsilon, o.Epsilon), Row(MetricNames.LlcGamma, o.Gamma),
            Row(MetricNames.LlcChains, o.Chains), Row(MetricNames.LlcDraws, o.Draws), Row(MetricNames.LlcBurnIn, o.BurnIn),
            Row(MetricNames.LlcBatchSize, o.BatchSize), Row(MetricNames.LlcInitLossExamples, o.InitLossExamples),
            Row(MetricNames.LlcSeed, o.Seed),
        };
        // The spread over chains needs two chains; with one, llc_se carries the uncertainty.
        if (o.Chains >= 2) rows.Add(Row(MetricNames.LlcStd, r.Std));
        if (o.BoundingBox is double box) rows.Add(Row(MetricNames.LlcBoundingBox, box));
        var acceptance = r.ChainAcceptance;
        var acceptanceDraws = r.ChainAcceptanceDraws;
        for (int c = 0; c < r.PerChain.Length; c++)
        {
            var chain = r.Chains[c];
            rows.Add(Row(MetricNames.LlcChain, r.PerChain[c], c + 1));
            rows.Add(Row(MetricNames.LlcChainMalaAcceptance, acceptance[c], c + 1));
            rows.Add(Row(MetricNames.LlcChainMalaAcceptanceDraws, acceptanceDraws[c], c + 1));
            rows.Add(Row(MetricNames.LlcChainFinalDistance, chain.Distances.DefaultIfEmpty(double.NaN).Last(), c + 1));
            rows.Add(Row(MetricNames.LlcChainDrawLoss, chain.Losses.Skip(o.BurnIn).DefaultIfEmpty(double.NaN).Average(), c + 1));
        }
        return rows;
    }
}
