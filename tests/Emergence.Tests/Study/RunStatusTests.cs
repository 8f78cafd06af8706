using Emergence.Cli;
using Emergence.Models;
using Emergence.Storage;
using Emergence.Study;
using Emergence.Tests.Support;
using Emergence.Training;

namespace Emergence.Tests.Study;

public class RunStatusTests
{
    /// <summary>
    /// A run of 1,000 steps on three task-levels with checkpoints every 50 steps up to step 600 at
    /// 2 training seconds per step (so 0.5 steps/s), ADD_L1 above 10% from step 100 on (emerged),
    /// COPY_L1 above it at one checkpoint only (not emerged), REV_L1 never; rankme stored at every
    /// checkpoint, llc at every other one (neither with a cost row, so the 100 s of every 50-step
    /// interval are training and checkpoint overhead together).
    /// </summary>
    private static RunFolder MakeRun(TempDirectory dir)
    {
        var folder = new RunFolder(dir.Combine("nano-s4"));
        var config = TrainingConfig.Paper(GptConfig.Preset("nano"), steps: 1000) with { TaskLevels = ["ADD_L1", "COPY_L1", "REV_L1"], Checkpoints = new CheckpointSchedule(Every: 50) };
        using var store = RunStore.Create(folder.StorePath, new Dictionary<string, string> { ["config"] = config.ToJson(), ["created_at"] = "2026-12-01T01:00:00.0000000Z" });
        for (long step = 0; step <= 600; step += 50)
        {
            var metrics = new List<MetricRow>
            {
                new(step, MetricNames.Accuracy, "ADD", 1, -1, step >= 100 ? 0.5 : 0.0),
                new(step, MetricNames.Accuracy, "COPY", 1, -1, step == 200 ? 0.9 : 0.05),
                new(step, MetricNames.Accuracy, "REV", 1, -1, 0.01),
                new(step, MetricNames.AnswerLogprob, "ADD", 1, -1, -3),
                new(step, MetricNames.RankMe, "", 0, 1, 20),
            };
            if (step % 100 == 0) metrics.Add(new(step, MetricNames.Llc, "", 0, -1, 5));
            store.RecordCheckpoint(new CheckpointRow(step, 1, 1e-3, step * 64, 2.0 * step), metrics, [], []);
        }
        return folder;
    }

    [Fact]
    public void Status_reads_step_rate_eta_accuracy_emergence_and_latest_measures()
    {
        using var dir = new TempDirectory();
        var status = Assert.Single(RunStatus.OfFolder(MakeRun(dir).Path));
        Assert.Equal("nano-s4", status.Name);
        Assert.Equal(600, status.Step);
        Assert.Equal(1000, status.Steps);
        Assert.Equal(0.5, status.StepsPerSecond!.Value, 12);
        // One interval length: 8 intervals of 100 s or 400 steps at 2 s, the same either way.
        Assert.Equal(SecondsRange.Exact(800), status.Remaining!.Value.Known);
        Assert.Empty(status.Remaining.Value.Unknown);
        Assert.Equal((0.5 + 0.05 + 0.01) / 3, status.MeanAccuracy!.Value, 12);
        Assert.Equal(1, status.Emerged);
        Assert.Equal(3, status.TaskLevels);
        Assert.Equal([("llc", 600L), ("rankme", 600L)], status.LastMeasures); // evaluation metrics are not measures
        Assert.Null(status.Diverged);
    }

    [Fact]
    public void Status_lines_name_every_number()
    {
        using var dir = new TempDirectory();
        var status = Assert.Single(RunStatus.OfFolder(MakeRun(dir).Path));
        var lines = StatusCommand.Describe(status, status.LastCheckpointAt!.Value.AddSeconds(75)).ToList();
        Assert.Equal("nano-s4: step 600 of 1,000 (60.0%), 0.50 steps/s, ETA 13m 20s (last checkpoint committed 1m 15s ago)", lines[0]);
        Assert.Equal("  accuracy at step 600: mean 18.7% over 3 task-levels; 1 of 3 emerged", lines[1]);
        Assert.Equal("  measures: llc, rankme at step 600", lines[2]);
    }

    [Fact]
    public void A_study_folder_lists_its_runs_begun_or_not()
    {
        using var dir = new TempDirectory();
        var definition = StudyPresets.Build("quick", ["nano"], [0, 1]);
        var study = new StudyFolder(dir.Path);
        study.Prepare(definition);
        var config = definition.Runs[0].Training;
        RunStore.Create(study.Run(definition.Runs[0].Name).StorePath, new Dictionary<string, string> { ["config"] = config.ToJson(), ["created_at"] = DateTime.UtcNow.ToString("O") }).Dispose();
        var runs = RunStatus.OfFolder(dir.Path);
        Assert.Equal(definition.Runs.Select(r => r.Name), runs.Select(r => r.Name));
        Assert.All(runs, r => Assert.Null(r.Step));
        Assert.NotNull(runs[0].CreatedAt); // begun: store created, no checkpoint yet
        Assert.Null(runs[1].CreatedAt);
        Assert.StartsWith($"{runs[1].Name}: not started, ", StatusCommand.Describe(runs[1], DateTime.UtcNow).Single());
        Assert.Contains("no checkpoint committed yet", StatusCommand.Describe(runs[0], DateTime.UtcNow).Single());
    }

    [Fact]
    public void A_folder_that_is_neither_a_run_nor_a_study_is_refused()
    {
        using var dir = new TempDirectory();
        var error = Assert.Throws<ArgumentException>(() => RunStatus.OfFolder(dir.Path));
        Assert.Equal($"{dir.Path} is not a run folder (no run.db) or a study folder (no study.json).", error.Message);
    }
}
