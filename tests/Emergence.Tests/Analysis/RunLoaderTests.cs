using Emergence.Analysis;
using Emergence.Storage;
using Emergence.Tests.Support;

namespace Emergence.Tests.Analysis;

public class RunLoaderTests
{
    private static SyntheticRun Small(string model, int seed = 0, params string[] tasks)
    {
        var run = new SyntheticRun(model, [0, 100, 200], seed);
        foreach (var t in tasks.DefaultIfEmpty("ADD")) run.Accuracy(t, 1, s => s / 200.0);
        return run;
    }

    [Fact]
    public void A_run_is_loaded_with_its_series_aligned_to_checkpoints()
    {
        using var temp = new TempDirectory();
        var run = RunLoader.Load(Small("micro", 3).Add("rankme", "ADD", 0, 4, [5, double.NaN, 3]).Write(temp.Combine("r")));
        Assert.Equal(("micro", 3, 4), (run.Model, run.Seed, run.Layers));
        Assert.Equal([0L, 100, 200], run.Steps);
        Assert.Equal([0.0, 0.5, 1.0], run.Accuracy(new Emergence.Tasks.TaskLevel(Emergence.Tasks.TaskKind.Add, 1))!);
        var rankme = run.TaskRankMe(Emergence.Tasks.TaskKind.Add)!;
        Assert.Equal(5, rankme[0]);
        Assert.True(double.IsNaN(rankme[1]));
    }

    [Fact]
    public void A_run_without_checkpoints_is_an_error()
    {
        using var temp = new TempDirectory();
        var path = Small("nano").Write(temp.Combine("r"), includeCheckpoints: false);
        var e = Assert.Throws<AnalysisInputException>(() => RunLoader.Load(path));
        Assert.Contains("no checkpoints", e.Message);
    }

    [Fact]
    public void A_run_without_model_or_config_meta_is_an_error()
    {
        using var temp = new TempDirectory();
        var noModel = Small("nano").Write(temp.Combine("a"), metaOverride: new() { ["model"] = null });
        Assert.Contains("'model'", Assert.Throws<AnalysisInputException>(() => RunLoader.Load(noModel)).Message);
        var noConfig = Small("nano").Write(temp.Combine("b"), metaOverride: new() { ["config"] = null });
        Assert.Contains("'config'", Assert.Throws<AnalysisInputException>(() => RunLoader.Load(noConfig)).Message);
        Assert.Throws<StoreException>(() => RunLoader.Load(temp.Combine("missing")));
    }

    [Fact]
    public void A_run_without_accuracy_is_an_error()
    {
        using var temp = new TempDirectory();
        var path = new SyntheticRun("nano", [0, 100]).Add("llc", "", 0, -1, [1, 2]).Write(temp.Combine("r"));
        Assert.Contains("no 'accuracy'", Assert.Throws<AnalysisInputException>(() => RunLoader.Load(path)).Message);
    }

    [Fact]
    public void Mixed_task_suites_are_an_error()
    {
        var e = Assert.Throws<AnalysisInputException>(() =>
            RunLoader.CheckCompatible([Small("nano", 0, "ADD").Data(), Small("micro", 0, "ADD", "MOD").Data()], new AnalysisOptions()));
        Assert.Contains("different task suites", e.Message);
    }

    [Fact]
    public void Mixed_configurations_are_an_error_unless_allowed()
    {
        var other = Small("micro");
        other.Configure = c => c with { BatchSize = 32 };
        var runs = new[] { Small("nano").Data(), other.Data() };
        var e = Assert.Throws<AnalysisInputException>(() => RunLoader.CheckCompatible(runs, new AnalysisOptions()));
        Assert.Contains("batch_size", e.Message);
        RunLoader.CheckCompatible(runs, new AnalysisOptions { AllowedConfigDifferences = [.. new AnalysisOptions().AllowedConfigDifferences, "batch_size"] });
    }

    [Fact]
    public void Sizes_and_seeds_may_differ_but_not_repeat()
    {
        var runs = new[] { Small("micro", 1).Data(), Small("nano").Data(), Small("micro", 0).Data() };
        RunLoader.CheckCompatible(runs, new AnalysisOptions());
        Assert.Equal(["nano", "micro/s0", "micro/s1"], RunLoader.Ordered(runs).Select(r => r.Label));
        Assert.Contains("Two runs of model nano seed 0",
            Assert.Throws<AnalysisInputException>(() => RunLoader.CheckCompatible([Small("nano").Data(), Small("nano").Data()], new AnalysisOptions())).Message);
    }

    [Fact]
    public void Missing_metrics_become_explicit_not_computable_entries()
    {
        var run = Small("micro").Data();
        var result = Analyzer.Analyze([run], new AnalysisOptions { NullReplicates = 0, BootstrapResamples = 0 });
        Assert.StartsWith("not computable", result.CollapseFloors.Entries.Single().Result.Status);
        Assert.Null(result.CollapseFloors.Entries.Single().Result.Floor);
        Assert.StartsWith("not computable", result.TopDown.Entries.Single().Result.Status);
        Assert.Equal(new AnalysisOptions().Measures.Count, result.Precursors.Missing.Count);
        Assert.Empty(result.Precursors.Units);
        Assert.All(result.Precursors.Costs, c => Assert.Null(c.MeanSeconds));
        Assert.StartsWith("not computable", result.Prediction.Spearman.Single().Status);
        var lp = result.Emergence.Entries.Single(e => e.Variant == "answer_logprob");
        Assert.Equal("not computable: answer_logprob not recorded", lp.Status);
    }
}
