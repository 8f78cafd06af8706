using System.CommandLine;
using System.Text.Json;
using Emergence.Analysis;
using Emergence.Cli;
using Emergence.Tasks;
using Emergence.Tests.Support;

namespace Emergence.Tests.Analysis;

public class AnalyzeEndToEndTests
{
    private static int Analyze(params string[] args) => new RootCommand { AnalyzeCommand.Create() }.Parse(["analyze", .. args]).Invoke();

    [Fact]
    public void Analyze_writes_results_and_tables_for_a_multi_run_set()
    {
        using var temp = new TempDirectory();
        var runs = new[]
        {
            SyntheticStudy.Build("nano").Write(temp.Combine("nano")),
            SyntheticStudy.Build("micro", 0).Write(temp.Combine("micro0")),
            SyntheticStudy.Build("micro", 1).Write(temp.Combine("micro1")),
            SyntheticStudy.Build("small", withFisher: false).Write(temp.Combine("small")),
        };
        var outDir = temp.Combine("out");
        Assert.Equal(0, Analyze([.. runs, "--out", outDir, "--null-replicates", "20", "--bootstrap", "50"]));

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")));
        var root = json.RootElement;
        Assert.Equal(["nano", "micro/s0", "micro/s1", "small"], root.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("label").GetString()));

        // COPY_L1: c = 1300; accuracy > 0.1 when s > c − 200 ln 9 = 860.6 -> first checkpoint 1000, and it stays above
        var entries = root.GetProperty("emergence").GetProperty("entries").EnumerateArray().ToList();
        var copy = entries.Single(e => e.GetProperty("run").GetString() == "nano" && e.GetProperty("task_level").GetString() == "COPY_L1" && e.GetProperty("variant").GetString() == "accuracy");
        Assert.Equal(1000, copy.GetProperty("step").GetInt64());
        var mul = entries.Single(e => e.GetProperty("run").GetString() == "small" && e.GetProperty("task_level").GetString() == "MUL_L3" && e.GetProperty("variant").GetString() == "accuracy");
        Assert.Equal(JsonValueKind.Null, mul.GetProperty("step").ValueKind);
        Assert.Equal("never emerged", mul.GetProperty("status").GetString());
        var counts = root.GetProperty("emergence").GetProperty("counts").EnumerateArray().Single(c => c.GetProperty("variant").GetString() == "accuracy");
        Assert.Equal(92, counts.GetProperty("emerged").GetInt32());  // 4 runs x 23
        Assert.Equal(4, counts.GetProperty("never_emerged").GetInt32());
        // log-prob variant: ln(0.9σ + 0.001) > ln 0.1 ⟺ σ > 0.11 ⟺ s > c − 200·2.0907 = 881.9 for COPY_L1 -> 1000 as well
        var lpCopy = entries.Single(e => e.GetProperty("run").GetString() == "nano" && e.GetProperty("task_level").GetString() == "COPY_L1" && e.GetProperty("variant").GetString() == "answer_logprob");
        Assert.Equal(1000, lpCopy.GetProperty("step").GetInt64());

        // MOD floor at step 150: 25 + F, F = 2 + 5·0.5 = 4.5, plus the late term −20σ((150 − (c̄ − 600))/200), c̄ = 1000 + 2000 + 600
        var mod = root.GetProperty("collapse_floors").GetProperty("entries").EnumerateArray()
            .Single(e => e.GetProperty("run").GetString() == "nano" && e.GetProperty("task").GetString() == "MOD").GetProperty("result");
        Assert.Equal(150, mod.GetProperty("floor_step").GetInt64());
        Assert.Equal(29.5 - 20 * SyntheticRun.Sigmoid((150 - 3000) / 200.0), mod.GetProperty("floor").GetDouble(), 9);
        var modSummary = root.GetProperty("collapse_floors").GetProperty("across_sizes").EnumerateArray().Single(e => e.GetProperty("task").GetString() == "MOD");
        Assert.Equal(3, modSummary.GetProperty("sizes").GetInt32());
        Assert.Equal(0.0, modSummary.GetProperty("std").GetDouble(), 9);  // the same curve at every size

        // top-down: micro (2 seeds) and small have >= 4 layers: 24 task x run, all strict by construction; nano is left out
        var all = root.GetProperty("top_down").GetProperty("counts").EnumerateArray().Single(c => c.GetProperty("model").GetString() == "all");
        Assert.Equal((24, 24, 24), (all.GetProperty("eligible").GetInt32(), all.GetProperty("strict").GetInt32(), all.GetProperty("weak").GetInt32()));
        Assert.Equal(24, all.GetProperty("temporal_computable").GetInt32());
        // chance of a strict order: 1/4! for the 16 micro entries, 1/6! for the 8 small ones
        Assert.Equal((16.0 / 24 + 8.0 / 720) / 24, all.GetProperty("chance_strict").GetDouble(), 12);

        // precursors: RankMe leads accuracy by 600 steps = 3 checkpoints of 200 on ADD_L1 of nano
        var units = root.GetProperty("precursors").GetProperty("units").EnumerateArray().ToList();
        var add = units.Single(u => u.GetProperty("measure").GetString() == "rankme" && u.GetProperty("run").GetString() == "nano"
            && u.GetProperty("task").GetString() == "ADD" && u.GetProperty("level").GetInt32() == 1);
        Assert.Equal(-3, add.GetProperty("peak_lag").GetInt32());
        Assert.Equal(-600, add.GetProperty("lag_steps").GetInt64());
        Assert.True(add.GetProperty("precursor").GetBoolean());
        // MUL_L3 accuracy never changes: not computable, not a non-precursor
        var flat = units.Single(u => u.GetProperty("measure").GetString() == "rankme" && u.GetProperty("run").GetString() == "nano"
            && u.GetProperty("task").GetString() == "MUL" && u.GetProperty("level").GetInt32() == 3);
        Assert.StartsWith("not computable", flat.GetProperty("status").GetString());
        // model-wide hessian_eig: rank 1 is paired with every task-level; fisher per task pools its levels
        Assert.All(units.Where(u => u.GetProperty("measure").GetString() == "hessian_eig"),
            u => Assert.Equal("hessian_eig[task='', level=1, layer=-1]", u.GetProperty("measure_series").GetString()));
        Assert.Equal(96 + 32, units.Count(u => u.GetProperty("measure").GetString() == "hessian_eig"));
        Assert.Contains("levels pooled", units.First(u => u.GetProperty("measure").GetString() == "fisher_erank" && u.GetProperty("unit").GetString() == "task")
            .GetProperty("measure_series").GetString());
        var missing = root.GetProperty("precursors").GetProperty("missing").EnumerateArray().Select(m => (m.GetProperty("measure").GetString(), m.GetProperty("run").GetString())).ToList();
        Assert.Contains(("fisher_erank", "small"), missing);
        Assert.Contains(("gradcov_erank", "nano"), missing);
        var rates = root.GetProperty("precursors").GetProperty("rates").EnumerateArray().ToList();
        var rankmeAll = rates.Single(r => r.GetProperty("measure").GetString() == "rankme" && r.GetProperty("model").GetString() == "all"
            && r.GetProperty("class").GetString() == "all" && r.GetProperty("unit").GetString() == "task-level");
        Assert.Equal(92, rankmeAll.GetProperty("units").GetInt32());
        Assert.Equal(4, rankmeAll.GetProperty("not_computable").GetInt32());
        Assert.Equal("computed", rankmeAll.GetProperty("ci_over_seeds").GetProperty("status").GetString());
        Assert.True(rankmeAll.GetProperty("effective_n").GetProperty("value").GetDouble() > 0);
        var cost = root.GetProperty("precursors").GetProperty("costs").EnumerateArray()
            .Single(c => c.GetProperty("measure").GetString() == "llc" && c.GetProperty("model").GetString() == "nano");
        Assert.Equal(11.0, cost.GetProperty("mean_seconds").GetDouble());

        // prediction: floors rise with task index and so do emergence steps -> rho = 1, every decided pair concordant
        var rho = root.GetProperty("prediction").GetProperty("spearman").EnumerateArray().First();
        Assert.Equal(1.0, rho.GetProperty("rho").GetDouble(), 12);
        var cross = root.GetProperty("prediction").GetProperty("concordance_pooled").EnumerateArray().Single(c => c.GetProperty("split").GetString() == "cross-class");
        Assert.Equal(1.0, cross.GetProperty("share").GetDouble());
        Assert.Equal("not computable: no task pair reverses its emergence order between two sizes of one seed",
            root.GetProperty("prediction").GetProperty("swap_pooled").GetProperty("status").GetString());

        var tables = File.ReadAllText(Path.Combine(outDir, "tables.md"));
        foreach (var heading in new[] { "## Emergence steps", "## Collapse floors", "## Top-down propagation", "## Precursor hierarchy", "## Prediction limits" })
            Assert.Contains(heading, tables);
        Assert.Contains("paper v1: 120 of 120", tables);
        Assert.Contains("| COPY_L1 | 1000 | 1000 | 1000 | 1000 |", tables);
        Assert.Contains("negative lag = the measure changes first", tables);
        // The layer profile at the floor is a list, not a claimed order: "9.1 > 9.5" would read as a falsehood.
        Assert.Contains("| run | task | RankMe at floor, layer 1 to L |", tables);
        Assert.Matches(@"\| micro\S* \| COPY \| \d+\.\d+, \d+\.\d+, \d+\.\d+, \d+\.\d+", tables);
        Assert.DoesNotMatch(@"\d > \d", tables);
    }

    [Fact]
    public void Options_given_on_the_command_line_are_used_and_recorded()
    {
        using var temp = new TempDirectory();
        var a = SyntheticStudy.Build("nano").Write(temp.Combine("a"));
        var b = SyntheticStudy.Build("micro").Write(temp.Combine("b"));
        var outDir = temp.Combine("out");
        Assert.Equal(0, Analyze(a, b, "--out", outDir, "--measures", "rankme", "llc", "--null", "circular", "--null-replicates", "10",
            "--bootstrap", "10", "--sensitivity", "0.25", "--accuracy-threshold", "0.5", "--max-lag", "10"));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")));
        var options = json.RootElement.GetProperty("options");
        Assert.Equal(["rankme", "llc"], options.GetProperty("measures").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("circular_shift", options.GetProperty("null").GetString());
        Assert.Equal([0.25], options.GetProperty("sensitivity_thresholds").EnumerateArray().Select(m => m.GetDouble()));
        // accuracy > 0.5 for COPY_L1 (c = 1300) from s > 1300: first checkpoint 1400
        var copy = json.RootElement.GetProperty("emergence").GetProperty("entries").EnumerateArray()
            .First(e => e.GetProperty("task_level").GetString() == "COPY_L1" && e.GetProperty("variant").GetString() == "accuracy");
        Assert.Equal(1400, copy.GetProperty("step").GetInt64());
        Assert.All(json.RootElement.GetProperty("precursors").GetProperty("units").EnumerateArray(),
            u => Assert.Contains(u.GetProperty("measure").GetString(), new[] { "rankme", "llc" }));
    }

    [Fact]
    public void Analyze_with_a_bad_run_gives_a_one_line_error_and_exit_code_2()
    {
        using var temp = new TempDirectory();
        var good = SyntheticStudy.Build("nano").Write(temp.Combine("good"));
        var empty = new SyntheticRun("micro", [0, 100]).Accuracy("ADD", 1, _ => 0).Write(temp.Combine("empty"), includeCheckpoints: false);
        Assert.Equal(CliErrors.BadInput, Analyze(good, empty, "--out", temp.Combine("out")));
        Assert.False(File.Exists(Path.Combine(temp.Combine("out"), "results.json")));
        Assert.Equal(CliErrors.BadInput, Analyze(good, "--out", temp.Combine("out2"), "--null", "bogus"));
        Assert.Equal(CliErrors.BadInput, Analyze(temp.Combine("nowhere"), "--out", temp.Combine("out3")));
    }
}
