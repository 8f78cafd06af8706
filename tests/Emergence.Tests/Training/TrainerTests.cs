using Emergence.Models;
using Emergence.Storage;
using Emergence.Tasks;
using Emergence.Tests.Support;
using Emergence.Training;
using TorchSharp;

namespace Emergence.Tests.Training;

public class TrainerTests
{
    private static TrainingConfig Short(long steps, params string[] taskLevels) =>
        TrainingConfig.Paper(GptConfig.Preset("nano"), steps: steps) with
        {
            Checkpoints = new CheckpointSchedule(Every: steps / 2),
            EvaluationPerTaskLevel = 100,
            TaskLevels = taskLevels.Length > 0 ? taskLevels : [.. TaskLevel.All.Select(t => t.Name)],
        };

    [Fact]
    [Trait(Category.Name, Category.Slow)]
    public void A_small_model_learns_copy_and_reverse_level_1()
    {
        using var dir = new TempDirectory();
        var config = Short(600, "COPY_L1", "REV_L1") with { PeakLearningRate = 3e-3, WarmupSteps = 50, SaveWeights = WeightsPolicy.None };
        new Trainer(config, new RunFolder(dir.Path), torch.CPU, threads: 2).Run(resume: false);
        using var store = RunStore.Open(new RunFolder(dir.Path).StorePath);
        var final = store.Metrics("accuracy").Where(m => m.Step == 600).ToDictionary(m => $"{m.Task}_L{m.Level}", m => m.Value);
        Assert.Equal(2, final.Count);
        Assert.True(final["COPY_L1"] > 0.9, $"COPY_L1 accuracy {final["COPY_L1"]:P1}");
        Assert.True(final["REV_L1"] > 0.9, $"REV_L1 accuracy {final["REV_L1"]:P1}");
        var initial = store.Metrics("accuracy").Where(m => m.Step == 0);
        Assert.All(initial, m => Assert.True(m.Value < 0.05));
    }

    [Fact]
    [Trait(Category.Name, Category.Slow)]
    public void Training_is_deterministic_for_a_seed_and_thread_count()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        var config = Short(40) with { SaveWeights = WeightsPolicy.None, EvaluationPerTaskLevel = 20 };
        new Trainer(config, new RunFolder(a.Path), torch.CPU, threads: 1).Run(resume: false);
        new Trainer(config, new RunFolder(b.Path), torch.CPU, threads: 1).Run(resume: false);
        using var sa = RunStore.Open(new RunFolder(a.Path).StorePath);
        using var sb = RunStore.Open(new RunFolder(b.Path).StorePath);
        Assert.Equal(40, sa.StepLosses().Count);
        Assert.Equal(sa.StepLosses().Select(l => l.Loss), sb.StepLosses().Select(l => l.Loss));
        Assert.Equal(StoredResults.Values(sa), StoredResults.Values(sb));
        var other = Short(40) with { Seed = 1, SaveWeights = WeightsPolicy.None, EvaluationPerTaskLevel = 20 };
        using var c = new TempDirectory();
        new Trainer(other, new RunFolder(c.Path), torch.CPU, threads: 1).Run(resume: false);
        using var sc = RunStore.Open(new RunFolder(c.Path).StorePath);
        Assert.NotEqual(sa.StepLosses().Select(l => l.Loss), sc.StepLosses().Select(l => l.Loss));
    }

    [Fact]
    [Trait(Category.Name, Category.Slow)]
    public void Store_holds_config_provenance_checkpoints_metrics_and_items()
    {
        using var dir = new TempDirectory();
        var config = Short(20) with { EvaluationPerTaskLevel = 30 };
        new Trainer(config, new RunFolder(dir.Path), torch.CPU, threads: 2).Run(resume: false);
        var folder = new RunFolder(dir.Path);
        using var store = RunStore.Open(folder.StorePath);
        Assert.Equal(config.ToJson(), store.Meta("config"));
        Assert.Equal("0", store.Meta("seed"));
        Assert.NotNull(store.Meta("libtorch_version"));
        Assert.NotNull(store.Meta("source_revision"));
        Assert.Equal([0L, 10, 20], store.Checkpoints().Select(c => c.Step));
        // Accuracy, answer log-probability and token loss per task-level, and the trainer's timings.
        Assert.Equal(3 * 24 * 3 + 3 + 2, store.Metrics().Count);
        Assert.Equal([10L, 20], store.Metrics(MetricNames.TrainingCost).Select(r => r.Step));
        Assert.Equal([0L, 10, 20], store.Metrics(MetricNames.CheckpointCost).Select(r => r.Step));
        Assert.All(store.Metrics().Where(r => r.Name.StartsWith(MetricNames.CostSecondsPrefix, StringComparison.Ordinal)),
            r => Assert.True(r.Value > 0 && r.Value < 600 && r.Task == "" && r.Layer == MetricRow.NoLayer, $"{r.Name} at {r.Step}: {r.Value}"));
        var items = store.Items();
        Assert.Equal(3 * 24, items.Count);
        Assert.All(items, i => Assert.Equal(30, i.Correct.Length));
        // Accuracy is the share of correct items.
        var accuracy = store.Metrics("accuracy").Single(m => m.Step == 20 && m.Task == "CMP" && m.Level == 1).Value;
        var cmp = items.Single(i => i.Step == 20 && i.Task == "CMP" && i.Level == 1);
        Assert.Equal(cmp.Correct.Count(c => c) / 30.0, accuracy, 12);
        Assert.Equal([0L, 10, 20], RunFolder.StepsIn(folder.WeightsDirectory, ".safetensors"));
        Assert.Equal([20L], RunFolder.StepsIn(folder.ResumeDirectory, ".state"));
    }

    [Fact]
    [Trait(Category.Name, Category.Slow)]
    public void Saved_weights_load_back_into_an_identical_model()
    {
        using var dir = new TempDirectory();
        new Trainer(Short(10) with { EvaluationPerTaskLevel = 10 }, new RunFolder(dir.Path), torch.CPU, threads: 2).Run(resume: false);
        using var model = new Gpt(GptConfig.Preset("nano"));
        ModelWeights.Load(new RunFolder(dir.Path).WeightsFile(10), model);
        using var other = new Gpt(GptConfig.Preset("nano"));
        ModelWeights.Load(new RunFolder(dir.Path).WeightsFile(10), other);
        foreach (var ((name, p), (_, q)) in model.named_parameters().Zip(other.named_parameters()))
            Assert.True(p.equal(q).all().item<bool>(), name);
    }

    [Fact]
    [Trait(Category.Name, Category.Slow)]
    public void Live_tensor_count_stays_flat_over_2000_steps()
    {
        var config = TrainingConfig.Paper(GptConfig.Preset("nano"), steps: 2100, batchSize: 8);
        torch.manual_seed(0);
        using var model = new Gpt(config.Model);
        using var step = new OptimisationStep(config, model, torch.CPU);
        using var evaluator = new Evaluator(ExampleSets.Evaluation(5), torch.CPU);
        var stats = DisposeScopeManager.Statistics;
        for (int s = 1; s <= 100; s++) step.Run(s);
        evaluator.Evaluate(model);
        long live = stats.ThreadTotalLiveCount, outside = stats.CreatedOutsideScopeCount - stats.DisposedOutsideScopeCount;
        for (int s = 101; s <= 2100; s++)
        {
            step.Run(s);
            if (s % 500 == 0) evaluator.Evaluate(model);
        }
        Assert.Equal(live, stats.ThreadTotalLiveCount);
        Assert.Equal(outside, stats.CreatedOutsideScopeCount - stats.DisposedOutsideScopeCount);
    }
}
