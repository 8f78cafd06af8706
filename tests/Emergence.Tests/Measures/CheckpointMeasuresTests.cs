using Emergence.Cli;
using Emergence.Measures;
using Emergence.Models;
using Emergence.Storage;
using Emergence.Tests.Support;
using Emergence.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Tests.Measures;

public class CheckpointMeasuresTests
{
    private static MeasureSettings Small => new()
    {
        DiagnosticPerTaskLevel = 6,
        Llc = LlcOptions.Devinterp with { Chains = 2, Draws = 4, BurnIn = 2, BatchSize = 8 },
        Hessian = new HessianOptions { TopK = 3, MaxLanczosIterations = 6, PowerIterations = 3, MaxTraceProbes = 10, BatchSize = 16 },
    };

    private static Gpt TinyModel()
    {
        torch.manual_seed(3);
        return new Gpt(new GptConfig("t", 1, 16, 2));
    }

    [Fact]
    [Trait(Category.Name, Category.Slow)]
    public void All_measures_produce_their_named_rows_and_leave_the_model_unchanged()
    {
        using var model = TinyModel();
        model.train();
        var before = ParameterVectors.Snapshot([.. model.parameters()]);
        using var measures = new CheckpointMeasures(MeasureSelection.Parse("all", null), torch.CPU, Small);
        var rows = measures.Measure(100, model);
        var names = rows.Select(r => r.Name).ToHashSet();
        foreach (var name in new[] { "rankme", "erank_sq", "rankme_centered", "participation_ratio", "stable_rank", "alpha_req",
                     "fisher_erank", "fisher_erank_top20", "gradcov_erank", "gradcov_erank_prefix50k", "llc", "llc_std",
                     "hessian_eig", "hessian_trace", "hessian_trace_se", "cost_seconds.rankme", "cost_seconds.fisher",
                     "cost_seconds.llc", "cost_seconds.hessian", "cost_seconds.gradcov" })
            Assert.Contains(name, names);
        // rankme: 24 task-levels + 8 pooled tasks, at layers 0 and 1.
        Assert.Equal((24 + 8) * 2, rows.Count(r => r.Name == "rankme"));
        Assert.Equal(24, rows.Count(r => r.Name == "fisher_erank"));
        Assert.Equal([1, 2, 3], rows.Where(r => r.Name == "hessian_eig").Select(r => r.Level).Order());
        Assert.All(rows.Where(r => r.Name == "rankme"), r => Assert.InRange(r.Value, 1.0, 16.0));
        Assert.True(model.training);
        var after = model.parameters().ToArray();
        for (int i = 0; i < after.Length; i++) Assert.True(after[i].eq(before[i]).all().item<bool>());
        foreach (var t in before) t.Dispose();
    }

    [Fact]
    [Trait(Category.Name, Category.Slow)]
    public void Live_tensor_count_stays_flat_over_many_measurements()
    {
        using var model = TinyModel();
        using var measures = new CheckpointMeasures(MeasureSelection.Parse("all", null), torch.CPU, Small);
        measures.Measure(0, model);   // warm-up: builds the diagnostic set
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int i = 1; i <= 2; i++) measures.Measure(i, model);
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Cadence_counts_checkpoints()
    {
        var selection = MeasureSelection.Parse("rankme,hessian,llc", "hessian=10, llc=5");
        Assert.True(selection.IsDue(MeasureKind.Hessian, 0));
        Assert.False(selection.IsDue(MeasureKind.Hessian, 5));
        Assert.True(selection.IsDue(MeasureKind.Hessian, 20));
        Assert.True(selection.IsDue(MeasureKind.Llc, 5));
        Assert.True(selection.IsDue(MeasureKind.RankMe, 7));
        Assert.False(selection.IsDue(MeasureKind.Fisher, 0));
        Assert.Equal(5, MeasureSelection.ParseList("all").Count);
        Assert.Empty(MeasureSelection.ParseList("none"));
    }

    [Theory]
    [InlineData("rankme,bogus", null, "bogus")]
    [InlineData("rankme", "hessian=0", "'0' is not a positive integer")]
    [InlineData("rankme", "hessian=-3", "'-3'")]
    [InlineData("rankme", "hessian=two", "'two'")]
    [InlineData("rankme", "hessian", "Bad cadence 'hessian'")]
    [InlineData("rankme", "curvature=4", "Unknown measure 'curvature'")]
    public void Bad_input_is_one_line_naming_the_value(string measures, string? every, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => MeasureSelection.Parse(measures, every));
        Assert.Contains(expected, e.Message);
        Assert.True(e.Message.Contains("rankme, fisher, llc, hessian, gradcov") || e.Message.Contains("positive integer"), e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    [Trait(Category.Name, Category.Slow)]
    public void Measure_command_stores_measures_skips_stored_ones_and_reports_a_missing_weights_file()
    {
        using var temp = new TempDirectory();
        var dir = temp.Combine("run");
        var config = TrainingConfig.Paper(new GptConfig("custom:1x16x2", 1, 16, 2), steps: 4, batchSize: 8) with
        {
            Checkpoints = new CheckpointSchedule(false, 2), EvaluationPerTaskLevel = 4, WarmupSteps = 1,
        };
        new Trainer(config, new RunFolder(dir), torch.CPU, 1).Run(resume: false);
        var folder = new RunFolder(dir);
        using (var store = RunStore.Open(folder.StorePath))
        {
            var plan = MeasurePlan.For(store, MeasureSelection.Parse("rankme", null));
            Assert.Equal([0L, 2, 4], plan.Select(p => p.Step));
        }
        Assert.Equal(0, Invoke("measure", dir, "--measures", "rankme", "--threads", "1"));
        using (var store = RunStore.Open(folder.StorePath))
        {
            Assert.Equal([0L, 2, 4], store.Metrics("cost_seconds.rankme").Select(r => r.Step).Order());
            Assert.Empty(MeasurePlan.For(store, MeasureSelection.Parse("rankme", null)));
        }
        File.Delete(folder.WeightsFile(2));
        var error = new StringWriter();
        var saved = Console.Error;
        Console.SetError(error);
        try { Assert.Equal(CliErrors.BadInput, Invoke("measure", dir, "--measures", "stable", "--threads", "1")); }
        finally { Console.SetError(saved); }
        Assert.Contains("Unknown measure 'stable'", error.ToString());
        error.GetStringBuilder().Clear();
        Console.SetError(error);
        try { Assert.Equal(CliErrors.BadInput, Invoke("measure", dir, "--measures", "rankme,hessian", "--threads", "1")); }
        finally { Console.SetError(saved); }
        Assert.Contains("Checkpoint 2 has no weights file", error.ToString());

        Assert.Equal(0, Invoke("measure", dir, "--measures", "rankme,hessian", "--steps", "3-4", "--hessian-batch", "8", "--threads", "1"));
        using (var store = RunStore.Open(folder.StorePath))
            Assert.Equal([4L], store.Metrics("cost_seconds.hessian").Select(r => r.Step));
        foreach (var (steps, expected) in new[] { ("3", "--steps part '3' names no checkpoint of this run (its checkpoints: 0 to 4, 3 in all)"),
                                                  ("4-0", "--steps range '4-0' ends before it starts"), ("x", "--steps part 'x' is not a step") })
        {
            error.GetStringBuilder().Clear();
            Console.SetError(error);
            try { Assert.Equal(CliErrors.BadInput, Invoke("measure", dir, "--measures", "hessian", "--steps", steps, "--threads", "1")); }
            finally { Console.SetError(saved); }
            Assert.Contains(expected, error.ToString());
        }
    }

    private static int Invoke(params string[] args) =>
        new System.CommandLine.RootCommand { MeasureCommand.Create() }.Parse(args).Invoke();
}
