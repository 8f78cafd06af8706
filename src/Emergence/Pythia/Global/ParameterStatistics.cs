using Emergence.Storage;
using static TorchSharp.torch;
using Emergence.Models;

namespace Emergence.Pythia.Global;

/// <summary>
/// Parameter statistics of a checkpoint, per layer group g (<see cref="NeoXParameters"/>: 0 =
/// embed_in, l = block l, L + 1 = final LayerNorm and embed_out; layer -1 = all parameters),
/// sums of squares taken in float64:
/// <code>
///   param_norm_g            = ||w_g||_2 = sqrt(sum over the group's elements of w^2)
///   param_update_norm_g     = ||w_g - w'_g||_2        (w' the previous measured checkpoint)
///   param_update_relative_g = ||w_g - w'_g||_2 / ||w'_g||_2
/// </code>
/// plus param_update_from = the previous checkpoint's step. The first checkpoint has no update rows.
/// </summary>
internal static class ParameterStatistics
{
    public static IReadOnlyList<MetricRow> Measure(long step, NeoXWeights current, NeoXWeights? previous, long previousStep)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var now = NeoXParameters.All(current);
        var before = previous is null ? null : NeoXParameters.All(previous);
        int groups = current.Layers.Count + 2;
        var norm = new double[groups];
        var update = new double[groups];
        var prevNorm = new double[groups];
        for (int i = 0; i < now.Count; i++)
        {
            var w = now[i].Tensor.to(ScalarType.Float64);
            norm[now[i].Group] += w.Squared().sum().item<double>();
            if (before is null) continue;
            var w0 = before[i].Tensor.to(ScalarType.Float64);
            prevNorm[now[i].Group] += w0.Squared().sum().item<double>();
            update[now[i].Group] += (w - w0).Squared().sum().item<double>();
        }
        var rows = new List<MetricRow>();
        void Add(string name, int layer, double value) => rows.Add(new MetricRow(step, name, "", 0, layer, value));
        for (int g = -1; g < groups; g++)
        {
            double n = g < 0 ? norm.Sum() : norm[g];
            Add(MetricNames.ParamNorm, g, Math.Sqrt(n));
            if (before is null) continue;
            double u = Math.Sqrt(g < 0 ? update.Sum() : update[g]), p = Math.Sqrt(g < 0 ? prevNorm.Sum() : prevNorm[g]);
            Add(MetricNames.ParamUpdateNorm, g, u);
            Add(MetricNames.ParamUpdateRelative, g, u / p);
        }
        if (before is not null) Add(MetricNames.ParamUpdateFrom, MetricRow.NoLayer, previousStep);
        return rows;
    }
}
