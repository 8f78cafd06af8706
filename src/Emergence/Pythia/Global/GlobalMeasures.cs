using System.Diagnostics;
using Emergence.Measures;
using Emergence.Storage;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Pythia.Global;

/// <summary>
/// The global measures of one Pythia checkpoint on the fixed <see cref="ProbeBatch"/>, over the
/// parameters chosen by <c>--curvature-layers</c> (the others held fixed), rows with task '':
/// <list type="bullet">
/// <item><c>hessian</c>: top-k eigenvalues of the Hessian of L(w) by <see cref="Hessian"/> (Lanczos to
/// the stated residual tolerance), rows as <see cref="HessianMeasure.Rows"/> (hessian_eig per rank,
/// residuals, converged flags, ...; hessian_batch_size = sequences);</item>
/// <item><c>slq</c>: the spectral density by <see cref="StochasticLanczosQuadrature"/>, stored as its
/// nodes and weights (hessian_slq_node / hessian_slq_weight, level i = 1..n_v m, start by start),
/// with hessian_slq_trace and hessian_slq_negative_mass;</item>
/// <item><c>gradcov</c>: gradient-covariance effective rank (<see cref="GradientSpectra.CovarianceEffectiveRank"/>)
/// of the per-sequence gradients g_s = grad L_s(w), one row each of G (N x P).</item>
/// </list>
/// </summary>
internal static class GlobalMeasures
{
    public static IReadOnlyList<MetricRow> Measure(long step, NeoXModel model, ProbeBatch batch, PythiaGlobalOptions options)
    {
        var rows = new List<MetricRow>();
        if (!options.Has(PythiaMeasure.Hessian) && !options.Has(PythiaMeasure.Slq) && !options.Has(PythiaMeasure.GradCov)) return rows;
        MetricRow Row(string name, double value, int level = 0) => new(step, name, "", level, MetricRow.NoLayer, value);
        var groups = NeoXParameters.ParseGroups(options.CurvatureLayers, model.Config.NumLayers);
        var parameters = NeoXParameters.Select(model.Weights, groups);
        rows.Add(Row(MetricNames.CurvatureParameters, ParameterVectors.Count(parameters)));
        rows.Add(Row(MetricNames.ProbeBatchTokens, batch.PredictedTokens));
        using var gradients = NeoXParameters.RequireGradients(parameters);
        if (options.Has(PythiaMeasure.Hessian))
        {
            var clock = Stopwatch.StartNew();
            var hessian = options.Hessian with { BatchSize = batch.Sequences.Count };
            rows.AddRange(HessianMeasure.Rows(step, Hessian.Compute(() => batch.Loss(model), parameters, hessian), hessian));
            rows.Add(Row(MetricNames.CostSeconds("hessian"), clock.Elapsed.TotalSeconds));
        }
        if (options.Has(PythiaMeasure.Slq))
        {
            var clock = Stopwatch.StartNew();
            rows.AddRange(DensityRows(Row, Density(model, batch, parameters, options)));
            rows.Add(Row(MetricNames.CostSeconds("slq"), clock.Elapsed.TotalSeconds));
        }
        if (options.Has(PythiaMeasure.GradCov))
        {
            var clock = Stopwatch.StartNew();
            using var scope = NewDisposeScope();
            var gram = SequenceGradientGram(model, batch, parameters);
            rows.Add(Row(MetricNames.GradcovErank, GradientSpectra.CovarianceEffectiveRank(gram)));
            rows.Add(Row(MetricNames.GradcovExamples, batch.Sequences.Count));
            rows.Add(Row(MetricNames.CostSeconds("gradcov"), clock.Elapsed.TotalSeconds));
        }
        return rows;
    }

    public static SpectralDensity Density(NeoXModel model, ProbeBatch batch, IReadOnlyList<Tensor> parameters, PythiaGlobalOptions options)
    {
        using var scope = NewDisposeScope();
        var hvp = new HessianVectorProduct(batch.Loss(model), parameters);
        var generator = new torch.Generator((ulong)(options.Hessian.Seed + 1), hvp.Device);
        return StochasticLanczosQuadrature.Estimate(hvp, options.SlqStarts, options.SlqSteps, generator);
    }

    private static IEnumerable<MetricRow> DensityRows(Func<string, double, int, MetricRow> row, SpectralDensity d)
    {
        for (int i = 0; i < d.Nodes.Length; i++)
        {
            yield return row(MetricNames.HessianSlqNode, d.Nodes[i], i + 1);
            yield return row(MetricNames.HessianSlqWeight, d.Weights[i], i + 1);
        }
        yield return row(MetricNames.HessianSlqTrace, d.Trace, 0);
        yield return row(MetricNames.HessianSlqNegativeMass, d.NegativeMass, 0);
        yield return row(MetricNames.HessianSlqStarts, d.Starts, 0);
        yield return row(MetricNames.HessianSlqSteps, d.Steps, 0);
    }

    /// <summary>G G^T (float64, N x N) of the per-sequence gradients, G held as one N x P float tensor in the caller's scope.</summary>
    public static Tensor SequenceGradientGram(NeoXModel model, ProbeBatch batch, IReadOnlyList<Tensor> parameters)
    {
        var g = zeros([batch.Sequences.Count, ParameterVectors.Count(parameters)], dtype: parameters[0].dtype);
        for (int s = 0; s < batch.Sequences.Count; s++)
        {
            using var scope = NewDisposeScope();
            var grads = torch.autograd.grad([batch.SequenceLoss(model, s)], [.. parameters]);
            g[s].copy_(ParameterVectors.Flatten(grads, parameters[0].dtype));
        }
        return GradientSpectra.Grams([g]).Gram;
    }
}
