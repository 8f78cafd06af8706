using Emergence.Pythia;
using Emergence.Pythia.Global;
using Emergence.Storage;
using Emergence.Tests.Support;
using static TorchSharp.torch;

namespace Emergence.Tests.Pythia;

/// <summary>Parameter norms and update sizes against sums over the stored tensors, grouped by their names.</summary>
public sealed class ParameterStatisticsTests
{
    /// <summary>Layer group of a stored name, from the name alone: 0 embed_in, l + 1 for gpt_neox.layers.l, 3 the head.</summary>
    private static int GroupOf(string name) =>
        name.StartsWith("gpt_neox.layers.", StringComparison.Ordinal) ? int.Parse(name.Split('.')[2]) + 1
        : name == "gpt_neox.embed_in.weight" ? 0 : 3;

    private static Dictionary<string, double[]> Stored(string folder)
    {
        using var file = SafetensorsFile.Open(Path.Combine(folder, "model.safetensors"));
        using var scope = NewDisposeScope();
        return file.Tensors.ToDictionary(t => t.Name, t => file.Read(t, null).to_type(ScalarType.Float64).reshape(-1).data<double>().ToArray());
    }

    [Fact]
    public void Norms_and_updates_per_layer_equal_the_hand_sums_over_two_checkpoints()
    {
        using var temp = new TempDirectory();
        var a = TinyNeoX.CopyTo(temp.Combine("step0"), "pytorch_model.bin");
        var b = TinyNeoX.WritePerturbed(temp.Combine("step8"), 8, 0.02, ScalarType.Float32);
        var wa = Stored(a);
        var wb = Stored(b);
        var norm = new double[5];
        var before = new double[5];
        var update = new double[5];
        foreach (var (name, x) in wb)
        {
            int g = GroupOf(name) + 1; // index 0 = all
            var x0 = wa[name];
            for (int i = 0; i < x.Length; i++)
            {
                norm[0] += x[i] * x[i]; norm[g] += x[i] * x[i];
                before[0] += x0[i] * x0[i]; before[g] += x0[i] * x0[i];
                double d = x[i] - x0[i];
                update[0] += d * d; update[g] += d * d;
            }
        }

        using var first = NeoXWeights.Load(new ModelFolder(a));
        using var second = NeoXWeights.Load(new ModelFolder(b));
        var rows = ParameterStatistics.Measure(8, second, first, 0);
        double Value(string metric, int layer) => rows.Single(r => r.Name == metric && r.Layer == layer).Value;
        for (int layer = -1; layer <= 3; layer++)
        {
            double n = Math.Sqrt(norm[layer + 1]), u = Math.Sqrt(update[layer + 1]);
            Assert.Equal(n, Value(MetricNames.ParamNorm, layer), 1e-9 * n);
            Assert.Equal(u, Value(MetricNames.ParamUpdateNorm, layer), 1e-9 * n);
            Assert.Equal(u / Math.Sqrt(before[layer + 1]), Value(MetricNames.ParamUpdateRelative, layer), 1e-9);
            Assert.InRange(u / Math.Sqrt(before[layer + 1]), 0.005, 0.05); // the perturbation: 0.02 std per tensor
        }
        Assert.Equal(0.0, Assert.Single(rows, r => r.Name == MetricNames.ParamUpdateFrom).Value);

        var alone = ParameterStatistics.Measure(0, first, null, 0);
        Assert.Equal(5, alone.Count); // norms only at the first checkpoint
        Assert.Equal(Math.Sqrt(before[0]), alone.Single(r => r.Layer == -1).Value, 1e-9 * Math.Sqrt(before[0]));
    }
}
