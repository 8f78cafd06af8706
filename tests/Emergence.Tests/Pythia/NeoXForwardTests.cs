using Emergence.Pythia;
using Emergence.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Tests.Pythia;

/// <summary>The GPT-NeoX forward pass against the fixture's independent reference outputs.</summary>
public sealed class NeoXForwardTests
{
    private const double Tol = 1e-4;

    [Theory]
    [InlineData("model.safetensors")]
    [InlineData("pytorch_model.bin")]
    public void Logits_hidden_states_and_logprobs_match_the_reference(string weightFile)
    {
        using var temp = new TempDirectory();
        var folder = TinyNeoX.CopyTo(temp.Combine("m"), weightFile == "model.safetensors" ? "pytorch_model.bin" : "model.safetensors");
        using var weights = NeoXWeights.Load(new ModelFolder(folder));
        Assert.Equal(ScalarType.Float32, weights.ComputeType);
        Assert.All(weights.StoredTypes.Values, t => Assert.Equal(ScalarType.Float16, t));
        var model = new NeoXModel(weights);
        var expected = TinyNeoX.Expected;
        var indices = TinyNeoX.Ints(expected.GetProperty("logit_indices")).Select(i => (long)i).ToArray();
        int checkedProbes = 0;
        foreach (var probe in expected.GetProperty("probes").EnumerateArray())
        {
            using var scope = NewDisposeScope();
            var ids = TinyNeoX.Ints(probe.GetProperty("ids"));
            var output = model.Forward(ids);
            var last = output.Logits[ids.Length - 1];
            AssertClose(TinyNeoX.Floats(probe.GetProperty("final_logits")), last.index_select(0, tensor(indices)), Tol, "final_logits");
            Assert.Equal(probe.GetProperty("final_argmax").GetInt64(), last.argmax().item<long>());
            Assert.Equal(probe.GetProperty("final_logsumexp").GetDouble(), last.to_type(ScalarType.Float64).logsumexp(0).item<double>(), Tol);
            var top = last.topk(10);
            AssertClose(TinyNeoX.Floats(probe.GetProperty("final_top10").GetProperty("values")), top.values, Tol, "top10 values");
            var topIds = TinyNeoX.Ints(probe.GetProperty("final_top10").GetProperty("ids")).Select(i => (long)i).ToArray();
            AssertClose(TinyNeoX.Floats(probe.GetProperty("final_top10").GetProperty("values")), last.index_select(0, tensor(topIds)), Tol, "top10 ids");
            var lp = NextTokenLogProbs.Compute(output.Logits, ids);
            var expectedLp = TinyNeoX.Doubles(probe.GetProperty("next_token_logprobs"));
            Assert.Equal(expectedLp.Length, lp.Length);
            for (int t = 0; t < lp.Length; t++) Assert.Equal(expectedLp[t], lp[t], Tol);
            Assert.Equal(probe.GetProperty("next_token_logprob_sum").GetDouble(), lp.Sum(), Tol * Math.Max(1, lp.Length));
            checkedProbes++;
        }
        Assert.Equal(8, checkedProbes);

        foreach (var row in expected.GetProperty("all_positions_logits").EnumerateArray())
        {
            using var scope = NewDisposeScope();
            var ids = TinyNeoX.Ints(row.GetProperty("ids"));
            var logits = model.Forward(ids, hiddenStates: false).Logits;
            var argmax = TinyNeoX.Ints(row.GetProperty("argmax"));
            var lse = TinyNeoX.Doubles(row.GetProperty("logsumexp"));
            var rows = row.GetProperty("logits").EnumerateArray().ToList();
            for (int t = 0; t < ids.Length; t++)
            {
                AssertClose(TinyNeoX.Floats(rows[t]), logits[t].index_select(0, tensor(indices)), Tol, $"logits[{t}]");
                Assert.Equal(argmax[t], logits[t].argmax().item<long>());
                Assert.Equal(lse[t], logits[t].to_type(ScalarType.Float64).logsumexp(0).item<double>(), Tol);
            }
        }

        foreach (var hs in expected.GetProperty("hidden_states").EnumerateArray())
        {
            using var scope = NewDisposeScope();
            var probeIndex = hs.GetProperty("probe_index").GetInt32();
            var ids = TinyNeoX.Ints(expected.GetProperty("probes")[probeIndex].GetProperty("ids"));
            var output = model.Forward(ids);
            var layers = hs.GetProperty("layers").EnumerateArray().ToList();
            Assert.Equal(layers.Count, output.HiddenStates.Count);
            for (int l = 0; l < layers.Count; l++)
                AssertClose([.. layers[l].EnumerateArray().SelectMany(TinyNeoX.Floats)], output.HiddenStates[l].flatten(), Tol, $"layer {l}");
            AssertClose([.. hs.GetProperty("final_layer_norm").EnumerateArray().SelectMany(TinyNeoX.Floats)], output.FinalNorm.flatten(), Tol, "final LN");
        }
    }

    [Fact]
    public void RankMe_per_layer_matches_the_reference()
    {
        using var weights = NeoXWeights.Load(new ModelFolder(TinyNeoX.Folder));
        var model = new NeoXModel(weights);
        var rankme = TinyNeoX.Expected.GetProperty("rankme");
        using var scope = NewDisposeScope();
        var perLayer = new List<Tensor>[3];
        var finalNorm = new List<Tensor>();
        for (int l = 0; l < 3; l++) perLayer[l] = [];
        foreach (var probe in TinyNeoX.Expected.GetProperty("probes").EnumerateArray())
        {
            var output = model.Forward(TinyNeoX.Ints(probe.GetProperty("ids")));
            for (int l = 0; l < 3; l++) perLayer[l].Add(output.HiddenStates[l]);
            finalNorm.Add(output.FinalNorm);
        }
        var expected = TinyNeoX.Doubles(rankme.GetProperty("per_layer"));
        for (int l = 0; l < 3; l++)
        {
            var z = cat(perLayer[l], 0);
            Assert.Equal(77, z.shape[0]);
            double value = Emergence.Measures.RankMe.Compute(z);
            Assert.True(Math.Abs(value - expected[l]) <= 1e-5 * expected[l], $"layer {l}: {value} vs {expected[l]}");
        }
        double fl = Emergence.Measures.RankMe.Compute(cat(finalNorm, 0));
        double expectedFl = rankme.GetProperty("final_layer_norm").GetDouble();
        Assert.True(Math.Abs(fl - expectedFl) <= 1e-5 * expectedFl, $"final LN: {fl} vs {expectedFl}");
    }

    private static void AssertClose(float[] expected, Tensor actual, double tol, string what)
    {
        var values = actual.to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
        Assert.Equal(expected.Length, values.Length);
        double worst = 0;
        for (int i = 0; i < values.Length; i++) worst = Math.Max(worst, Math.Abs(values[i] - expected[i]));
        Assert.True(worst <= tol, $"{what}: max abs diff {worst:E3} > {tol:E1}");
    }
}
