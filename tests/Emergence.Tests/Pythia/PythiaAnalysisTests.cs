using Emergence.Pythia.SweepAnalysis;
using Emergence.Storage;
using Emergence.Tests.Support;

namespace Emergence.Tests.Pythia;

public sealed class PythiaAnalysisTests
{
    private static readonly PythiaAnalysisOptions NoNull = new() { NullReplicates = 0 };
    private static readonly long[] EarlySteps = [0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000, 2000, 3000];

    /// <summary>RankMe that falls from <paramref name="start"/> by <paramref name="depth"/> (a fraction) at <paramref name="at"/>, then recovers half-way.</summary>
    private static Func<long, double> Dip(double start, double depth, long at) =>
        s => s < at ? start * (1 - depth * s / at) : s == at ? start * (1 - depth) : start * (1 - depth / 2);

    [Fact]
    public void Collapse_depth_timing_and_layer_profile()
    {
        using var temp = new TempDirectory();
        var path = new PythiaStore("pythia-160m", EarlySteps)
            .RankMe("syntactic", 0, _ => 50)
            .RankMe("syntactic", 1, Dip(200, 0.3, 64))
            .RankMe("syntactic", 2, Dip(100, 0.62, 64))
            .Behaviour("answer_logprob", "syntactic", s => -5 + Math.Log10(s + 1))
            .Write(temp.Combine("run"));
        var r = PythiaAnalyzer.Analyze([path], NoNull);
        var c = Assert.Single(r.Collapse);
        Assert.Equal("ok", c.Status);
        Assert.Equal("pythia-160m", c.Model);
        Assert.Equal(2, c.FinalLayer);
        Assert.Equal(0, c.BaselineStep);
        Assert.Equal(100, c.Baseline!.Value, 9);
        Assert.Equal(-0.62, c.Depth!.Value, 9);
        Assert.Equal(64, c.DepthStep);
        Assert.Equal(38, c.Floor!.Value, 9);
        Assert.Equal([0, 1, 2], c.Layers.Select(l => l.Layer));
        Assert.Equal(0, c.Layers[0].RelativeAtDepthStep, 9);
        Assert.Equal(-0.3, c.Layers[1].RelativeAtDepthStep, 9);
        Assert.Equal(-0.3, c.Layers[1].Depth, 9);
        Assert.Equal(64, c.Layers[1].DepthStep);
        Assert.Equal(0, c.Layers[0].Depth, 9);
        Assert.Equal(0, c.Layers[0].DepthStep);
    }

    [Fact]
    public void Duplicate_checkpoints_are_left_out_and_reported()
    {
        using var temp = new TempDirectory();
        // steps 1 and 2 copy step 0's weights; their (absurd) RankMe would be the minimum if they were used
        var path = new PythiaStore("pythia-160m", EarlySteps)
            .RankMe("syntactic", 1, s => s is 1 or 2 ? 1 : Dip(100, 0.5, 128)(s))
            .Duplicate(1, 0).Duplicate(2, 0)
            .Write(temp.Combine("run"));
        var run = PythiaRunData.Load(path);
        Assert.Equal(EarlySteps.Length - 2, run.Steps.Count);
        Assert.DoesNotContain(1L, run.Steps);
        Assert.Equal([new SkippedCheckpoint(1, 0), new SkippedCheckpoint(2, 0)], run.Skipped);
        var r = PythiaAnalyzer.Analyze([run], NoNull);
        Assert.Equal(-0.5, r.Collapse[0].Depth!.Value, 9);
        Assert.Equal(128, r.Collapse[0].DepthStep);
        Assert.Equal(2, r.Runs[0].SkippedDuplicates.Count);
        Assert.Contains("step 1 (= step 0), step 2 (= step 0)", PythiaTables.Render(r));
    }

    [Fact]
    public void Spearman_is_one_for_identical_and_minus_one_for_reversed_orderings()
    {
        using var temp = new TempDirectory();
        string[] probes = ["arithmetic", "factual", "logical", "semantic", "syntactic"];
        string Write(string name, Func<int, double> depth, Func<int, long> at)
        {
            var store = new PythiaStore(name, EarlySteps);
            for (int i = 0; i < probes.Length; i++) store.RankMe(probes[i], 3, Dip(100, depth(i), at(i)));
            return store.Write(temp.Combine(name));
        }
        var small = Write("pythia-160m", i => 0.4 + 0.05 * i, i => 16L << i);
        var large = Write("pythia-410m", i => 0.5 + 0.06 * i, i => 16L << i);
        var reversed = Write("reversed", i => 0.7 - 0.05 * i, i => 256L >> i);
        var r = PythiaAnalyzer.Analyze([small, large, reversed], NoNull);
        OrderingCorrelation Pair(string a, string b, string by) => r.Ordering.Correlations.Single(c => c.ModelA == a && c.ModelB == b && c.By == by);
        Assert.Equal(1.0, Pair("pythia-160m", "pythia-410m", "depth").Rho!.Value, 12);
        Assert.Equal(1.0, Pair("pythia-160m", "pythia-410m", "timing").Rho!.Value, 12);
        Assert.Equal(-1.0, Pair("pythia-160m", "reversed", "depth").Rho!.Value, 12);
        Assert.Equal(-1.0, Pair("pythia-410m", "reversed", "timing").Rho!.Value, 12);
        Assert.All(r.Ordering.Correlations, c => Assert.Equal(5, c.ProbeSets));
        Assert.Equal(6, r.Ordering.Correlations.Count);
        var ranks = r.Ordering.Ranks.Where(x => x.Model == "pythia-160m").ToDictionary(x => x.ProbeSet);
        Assert.Equal(1, ranks["syntactic"].DepthRank);   // deepest (-0.60)
        Assert.Equal(5, ranks["arithmetic"].DepthRank);
        Assert.Equal(1, ranks["arithmetic"].TimingRank); // earliest (step 16)
    }

    [Fact]
    public void Ordering_needs_three_shared_probe_sets_and_averages_ties()
    {
        var entries = new[] { "a", "b" }.SelectMany(m => new[] { "x", "y" }.Select(p =>
            new CollapseEntry(m, p, 1, 0, 1, -0.5, 64, 0.5, [], "ok"))).ToList();
        var c = OrderingAnalysis.Correlate("a", "b", "depth", entries, e => e.Depth);
        Assert.Null(c.Rho);
        Assert.StartsWith("not computable", c.Status);
        Assert.Equal([1.5, 1.5, 3], OrderingAnalysis.MeanRanks([2.0, 2.0, 5.0]));
    }

    private static readonly double Spacing = Math.Log10(143001) / 99;

    /// <summary>Behaviour rises as a sigmoid in u = log10(step + 1) centred at u = 4; RankMe falls shifted by <paramref name="k"/> grid points (positive = earlier).</summary>
    private static string LeadStore(string folder, int k)
    {
        double Sig(double x) => 1 / (1 + Math.Exp(-x));
        return new PythiaStore("pythia-160m", PythiaStore.HostedSteps)
            .RankMe("arithmetic", 12, s => 100 - 60 * Sig((PythiaStore.U(s) + k * Spacing - 4) / 0.12))
            .Behaviour("answer_logprob", "arithmetic", s => -8 + 6 * Sig((PythiaStore.U(s) - 4) / 0.12))
            .Write(folder);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(3)]
    [InlineData(0)]
    [InlineData(-4)]
    public void RankMe_leading_by_k_grid_points_is_found_at_lag_minus_k(int k)
    {
        using var temp = new TempDirectory();
        var r = PythiaAnalyzer.Analyze([LeadStore(temp.Combine("run"), k)], NoNull);
        var p = Assert.Single(r.Precursors);
        Assert.Equal("ok", p.Status);
        Assert.Equal("answer_logprob", p.Behaviour);
        Assert.Equal(154, p.Checkpoints);
        Assert.Equal(Spacing, p.GridSpacing!.Value, 9);
        Assert.Equal(-k, p.PeakLag);
        Assert.True(p.PeakR < -0.99, $"r = {p.PeakR}");
        Assert.Equal(k > 0, p.Precursor);
        Assert.Equal(k * Spacing, p.LeadDecades!.Value, 9);
        Assert.False(p.MeasureFit!.LengthScaleAtGridEdge);
        Assert.False(p.BehaviourFit!.LengthScaleAtGridEdge);
        Assert.Equal(1e-6, p.MeasureFit.NoiseVariance);
    }

    [Fact]
    public void Null_rate_and_p_value_are_reported_when_asked()
    {
        using var temp = new TempDirectory();
        var r = PythiaAnalyzer.Analyze([LeadStore(temp.Combine("run"), 5)], new PythiaAnalysisOptions { NullReplicates = 50 });
        var p = Assert.Single(r.Precursors);
        Assert.True(p.Precursor);
        Assert.InRange(p.NullRate!.Value, 0, 1);
        Assert.InRange(p.PValue!.Value, 1.0 / 51, 1);
    }

    [Fact]
    public void Writes_results_json_and_tables_with_the_paper_values()
    {
        using var temp = new TempDirectory();
        var r = PythiaAnalyzer.Analyze([LeadStore(temp.Combine("run"), 5)], NoNull);
        var paths = PythiaResultsWriter.Write(r, temp.Combine("out"));
        var json = File.ReadAllText(paths[0]);
        var md = File.ReadAllText(paths[1]);
        Assert.Contains("\"peak_lag\": -5", json);
        Assert.Contains("-50..-75% by steps 64-128", md);
        Assert.Contains("identical, rho 1.0", md);
        Assert.Contains("| pythia-160m | rankme | arithmetic | answer_logprob | 154 | -5 |", md);
        Assert.Contains("One model only", md);
    }

    [Fact]
    public void Bad_input_is_a_one_line_argument_error_or_a_not_computable_entry()
    {
        using var temp = new TempDirectory();
        Assert.Contains("No Pythia runs", Assert.Throws<ArgumentException>(() => PythiaAnalyzer.Analyze(Array.Empty<string>(), NoNull)).Message);
        var notPythia = new PythiaStore("x", EarlySteps).RankMe("syntactic", 1, _ => 5).Write(temp.Combine("train"), kind: null);
        Assert.Contains("not a Pythia sweep", Assert.Throws<ArgumentException>(() => PythiaAnalyzer.Analyze([notPythia], NoNull)).Message);
        var noRankMe = new PythiaStore("x", EarlySteps).Behaviour("accuracy", "syntactic", _ => 0.5).Write(temp.Combine("norank"));
        Assert.Contains("no 'rankme' metric", Assert.Throws<ArgumentException>(() => PythiaAnalyzer.Analyze([noRankMe], NoNull)).Message);
        Assert.Throws<StoreException>(() => PythiaAnalyzer.Analyze([temp.Combine("missing")], NoNull));
        Assert.Contains("--gp-noise", Assert.Throws<ArgumentException>(() => PythiaAnalyzer.Analyze([noRankMe], NoNull with { Gp = GpSettings.Default with { NoiseVariance = 0 } })).Message);
        Assert.Contains("--max-lag", Assert.Throws<ArgumentException>(() => PythiaAnalyzer.Analyze([noRankMe], NoNull with { MaxLag = 0 })).Message);

        var noBehaviour = new PythiaStore("x", EarlySteps).RankMe("syntactic", 1, Dip(10, 0.5, 64)).Write(temp.Combine("nobehaviour"));
        var p = Assert.Single(PythiaAnalyzer.Analyze([noBehaviour], NoNull).Precursors);
        Assert.Equal("not computable: no 'answer_logprob' metric for this probe set", p.Status);
        Assert.Null(p.Precursor);
    }

    [Fact]
    public void Short_series_are_not_computable_and_same_named_models_are_told_apart()
    {
        using var temp = new TempDirectory();
        long[] three = [0, 64, 1000];
        string Short(string folder) => new PythiaStore("pythia-160m", three)
            .RankMe("icl", 1, Dip(10, 0.5, 64)).Behaviour("answer_logprob", "icl", s => -3 + s / 1000.0).Write(temp.Combine(folder));
        var r = PythiaAnalyzer.Analyze([Short("a"), Short("b")], NoNull);
        Assert.Equal(["pythia-160m", "pythia-160m #2"], r.Runs.Select(x => x.Label));
        Assert.All(r.Precursors, p => Assert.Equal("not computable: fewer than 4 checkpoints (3)", p.Status));
        Assert.All(r.Collapse, c => Assert.Equal(-0.5, c.Depth!.Value, 9));
        var rho = Assert.Single(r.Ordering.Correlations, c => c.By == "depth");
        Assert.Equal("not computable: 1 shared probe set(s), need 3", rho.Status);
    }

    [Fact]
    [Trait(Category.Name, Category.Slow)]
    public void Cli_writes_the_outputs_and_rejects_bad_input_in_one_line()
    {
        using var temp = new TempDirectory();
        var run = LeadStore(temp.Combine("run"), 4);
        var ok = CliProcess.Run(["pythia-analyze", run, "--out", temp.Combine("out"), "--null-replicates", "0", "--grid", "80"]);
        Assert.True(ok.ExitCode == 0, ok.Stderr);
        Assert.True(File.Exists(temp.Combine("out", "results.json")));
        Assert.Contains("\"grid_points\": 80", File.ReadAllText(temp.Combine("out", "results.json")));
        CliProcess.AssertOneLineError(CliProcess.Run(["pythia-analyze", "--out", temp.Combine("out2")]), "No Pythia runs");
        var notPythia = new PythiaStore("x", EarlySteps).RankMe("syntactic", 1, _ => 5).Write(temp.Combine("train"), kind: "train");
        CliProcess.AssertOneLineError(CliProcess.Run(["pythia-analyze", notPythia, "--out", temp.Combine("out3")]), "not a Pythia sweep");
        Assert.False(Directory.Exists(temp.Combine("out2")));
    }
}
