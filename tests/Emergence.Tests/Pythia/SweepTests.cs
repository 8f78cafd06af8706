using Emergence.Pythia;
using Emergence.Storage;
using Emergence.Tests.Support;
using static TorchSharp.torch;

namespace Emergence.Tests.Pythia;

/// <summary>The sweep end to end over synthetic checkpoints derived from the fixture.</summary>
public sealed class SweepTests
{
    /// <summary>step0 = the fixture, step1 = an exact copy, step2 and step4 = perturbed copies (F32 and F16).</summary>
    private static string MakeSeries(TempDirectory temp)
    {
        var series = temp.Combine("series");
        TinyNeoX.CopyTo(Path.Combine(series, "step0"), "pytorch_model.bin");
        TinyNeoX.CopyTo(Path.Combine(series, "step1"), "pytorch_model.bin");
        foreach (var (step, scale, dtype) in new[] { (2, 0.01, ScalarType.Float32), (4, 0.05, ScalarType.Float16) })
            TinyNeoX.WritePerturbed(Path.Combine(series, $"step{step}"), step, scale, dtype);
        return series;
    }

    [Fact]
    [Trait(Category.Name, Category.Slow)]
    public void Sweep_records_rankme_and_behaviour_per_step_and_flags_the_duplicate()
    {
        using var temp = new TempDirectory();
        var series = MakeSeries(temp);
        string[] sets = ["syntactic", "icl", "logical", "general"];
        var result = PythiaSweep.Run(new PythiaSweepOptions(series, temp.Combine("run"), ProbeSets: sets, MaxTokens: 16));
        Assert.Equal([0L, 1, 2, 4], result.Steps);
        Assert.Equal(new Dictionary<long, long> { [1] = 0 }, result.Duplicates);

        using var store = RunStore.Open(result.StorePath, readOnly: true);
        Assert.Equal("pythia", store.Meta("kind"));
        Assert.Equal("1=0", store.Meta("duplicates"));
        Assert.Equal(store.Meta("weights_sha256.step0"), store.Meta("weights_sha256.step1"));
        Assert.NotEqual(store.Meta("weights_sha256.step0"), store.Meta("weights_sha256.step2"));
        Assert.Equal([0L, 1, 2, 4], store.Checkpoints().Select(c => c.Step));
        Assert.Equal(2L * PythiaSweep.PythiaTokensPerStep, store.Checkpoints()[2].TokensSeen);

        var rankme = store.Metrics("rankme");
        Assert.Equal(4 * sets.Length * 3, rankme.Count); // steps x probe sets x layers 0..2
        Assert.All(rankme, r => Assert.InRange(r.Value, 1.0, 32.0));
        foreach (var set in sets)
            for (int layer = 0; layer <= 2; layer++)
            {
                var series0 = rankme.Single(r => r.Task == set && r.Layer == layer && r.Step == 0).Value;
                Assert.Equal(series0, rankme.Single(r => r.Task == set && r.Layer == layer && r.Step == 1).Value);
                Assert.NotEqual(series0, rankme.Single(r => r.Task == set && r.Layer == layer && r.Step == 4).Value);
            }
        var dup = store.Metrics("duplicate_of");
        Assert.Equal(0.0, Assert.Single(dup).Value);
        Assert.Equal(1L, dup[0].Step);
        var identical = store.Metrics("identical_tensor_fraction").ToDictionary(r => r.Step, r => r.Value);
        Assert.Equal(1.0, identical[1]);
        Assert.Equal(0.0, identical[2]);

        var accuracy = store.Metrics("accuracy").Where(r => r.Step == 0).ToDictionary(r => r.Task, r => r.Value);
        Assert.Equal(3, accuracy.Count); // all but general text
        Assert.All(accuracy.Values, a => Assert.InRange(a, 0.0, 1.0));
        var logprob = store.Metrics("answer_logprob").Where(r => r.Step == 0).ToDictionary(r => r.Task, r => r.Value);
        Assert.All(logprob.Values, v => Assert.InRange(v, -100.0, 0.0));
        var text = Assert.Single(store.Metrics("token_logprob"), r => r.Step == 0);
        Assert.InRange(text.Value, -20.0, -5.0); // a random 50K-vocabulary model: about -ln 50304 = -10.8
    }

    [Fact]
    public void Probe_measurement_matches_direct_computation_on_the_fixture_probes()
    {
        // RankMe through the Gram accumulation equals the reference RankMe of the stacked states.
        using var weights = NeoXWeights.Load(new ModelFolder(TinyNeoX.Folder));
        var model = new NeoXModel(weights);
        var tokenizer = PythiaTokenizer.Load(Path.Combine(TinyNeoX.Folder, "tokenizer.json"));
        var texts = TinyNeoX.Expected.GetProperty("probes").EnumerateArray().Select(p => new ProbeItem(p.GetProperty("text").GetString()!, null)).ToList();
        var rows = ProbeMeasurement.Measure(model, tokenizer, new ProbeSet("fixture", texts), 0);
        var expected = TinyNeoX.Doubles(TinyNeoX.Expected.GetProperty("rankme").GetProperty("per_layer"));
        for (int l = 0; l < 3; l++)
        {
            var value = rows.Single(r => r.Name == "rankme" && r.Layer == l).Value;
            Assert.True(Math.Abs(value - expected[l]) <= 1e-5 * expected[l], $"layer {l}: {value} vs {expected[l]}");
        }
        Assert.Equal(77.0, rows.Single(r => r.Name == "rankme_rows").Value);
        double expectedLogprob = TinyNeoX.Expected.GetProperty("probes").EnumerateArray()
            .Sum(p => p.GetProperty("next_token_logprob_sum").GetDouble()) / 69;
        Assert.Equal(expectedLogprob, rows.Single(r => r.Name == "token_logprob").Value, 1e-4);
    }

    [Fact]
    public void Built_in_probe_sets_have_the_papers_sizes_and_tokenize()
    {
        var sizes = ProbeSet.BuiltIn().ToDictionary(s => s.Name, s => s.Items.Count);
        Assert.Equal(new Dictionary<string, int>
        {
            ["syntactic"] = 36, ["semantic"] = 30, ["arithmetic"] = 200, ["icl"] = 16, ["factual"] = 51, ["logical"] = 26, ["general"] = 200,
        }, sizes);
        var tokenizer = PythiaTokenizer.Load(Path.Combine(TinyNeoX.Folder, "tokenizer.json"));
        foreach (var set in ProbeSet.BuiltIn())
            foreach (var item in set.Items)
            {
                Assert.NotEmpty(tokenizer.Encode(item.Prompt));
                if (!item.IsText) Assert.NotEmpty(tokenizer.Encode(item.Correct));
            }
    }
}
