using System.Text.Json;
using Emergence.Cli;
using Emergence.Measures;
using Emergence.Models;
using Emergence.Storage;
using Emergence.Study;
using Emergence.Tests.Support;
using Emergence.Training;

namespace Emergence.Tests.Study;

public class RunCostProjectionTests
{
    private const double StepSeconds = 0.2, CheckpointSeconds = 3, RankMeSeconds = 1.5, GradientSeconds = 4, LlcSeconds = 30;
    private const string Selection = "rankme,fisher,llc(every 5),hessian(every 5),gradcov";

    /// <summary>The Hessian costs 350 s at step 0 and 50 s after: mean 650/7 over the 7 runs up to step 600, median 50.</summary>
    private static double HessianSeconds(long step) => step == 0 ? 350 : 50;

    /// <summary>
    /// A run of 2,000 steps on the paper's schedule with dense early checkpoints (0, 10, ..., 300,
    /// 400, ..., 2,000: 48 checkpoints), trained to <paramref name="lastStep"/> with known times:
    /// 0.2 s per step, 3 s per checkpoint besides its measures, RankMe 1.5 s at every checkpoint,
    /// Fisher and gradcov 2 s each (their shared 4 s split), the LLC 30 s and the Hessian
    /// (<see cref="HessianSeconds"/>) at every 5th. wall_seconds is read on reaching a checkpoint,
    /// so an interval holds the previous checkpoint's work. <paramref name="resumedAt"/> makes the
    /// interval ending there a resumed one: the previous checkpoint's work lost, 1 s of start-up.
    /// <paramref name="timed"/> false stores no cost rows for the LLC (a measure not timed yet).
    /// From <paramref name="recordedFrom"/> on, each checkpoint also holds the trainer's own timings
    /// of its steps (at <paramref name="recordedStepSeconds"/> per step) and of its evaluation and saving.
    /// </summary>
    private static RunFolder MakeRun(TempDirectory dir, long lastStep, long? resumedAt = null, bool timed = true,
        long? recordedFrom = null, double recordedStepSeconds = StepSeconds)
    {
        var folder = new RunFolder(dir.Combine("nano-s0"));
        var config = TrainingConfig.Paper(GptConfig.Preset("nano"), steps: 2000) with { Checkpoints = new CheckpointSchedule(DenseEarly: true) };
        var selection = MeasureSelection.FromDescription(Selection);
        var meta = new Dictionary<string, string>
        {
            ["config"] = config.ToJson(),
            ["measures"] = JsonSerializer.Serialize(new { selection = selection.ToString(), settings = new { } }),
        };
        using var store = RunStore.Create(folder.StorePath, meta);
        var schedule = config.Checkpoints.Steps(config.Steps).ToList();
        double wall = 0, previousWork = 0;
        long previous = 0;
        for (int i = 0; i < schedule.Count && schedule[i] <= lastStep; i++)
        {
            long step = schedule[i];
            if (i > 0) wall += step == resumedAt ? (step - previous) * StepSeconds + 1 : previousWork + (step - previous) * StepSeconds;
            var costs = new List<MetricRow>
            {
                Cost(step, "rankme", RankMeSeconds), Cost(step, "fisher", GradientSeconds / 2), Cost(step, "gradcov", GradientSeconds / 2),
            };
            if (selection.IsDue(MeasureKind.Hessian, i)) costs.Add(Cost(step, "hessian", HessianSeconds(step)));
            if (timed && selection.IsDue(MeasureKind.Llc, i)) costs.Add(Cost(step, "llc", LlcSeconds));
            var timings = new List<MetricRow>();
            if (step >= recordedFrom)
            {
                timings.Add(Cost(step, "checkpoint", CheckpointSeconds));
                if (i > 0) timings.Add(Cost(step, "training", (step - previous) * recordedStepSeconds));
            }
            store.RecordCheckpoint(new CheckpointRow(step, 1, 1e-3, step * 64, wall), [.. costs, .. timings], [], []);
            previousWork = CheckpointSeconds + costs.Sum(c => c.Value) + (!timed && selection.IsDue(MeasureKind.Llc, i) ? LlcSeconds : 0);
            previous = step;
        }
        return folder;
    }

    private static MetricRow Cost(long step, string measure, double seconds) => new(step, MetricNames.CostSeconds(measure), "", 0, MetricRow.NoLayer, seconds);

    private static RunCostProjection Read(RunFolder folder)
    {
        using var store = RunStore.Open(folder.StorePath, readOnly: true);
        return RunCostProjection.Read(store, TrainingConfig.FromJson(store.Meta("config")!));
    }

    private static CostPart Part(IReadOnlyList<CostPart> parts, string name) => Assert.Single(parts, p => p.Name == name);

    [Fact]
    public void The_fit_recovers_step_time_and_checkpoint_overhead_from_10_and_100_step_intervals()
    {
        using var dir = new TempDirectory();
        var projection = Read(MakeRun(dir, lastStep: 600));
        Assert.True(projection.Training.Identified);
        Assert.Equal(StepSeconds, projection.Training.SecondsPerStep!.Value, 9);
        Assert.Equal(CheckpointSeconds, projection.Training.SecondsPerCheckpoint!.Value, 9);
        Assert.Equal([(10L, 5.0, 10), (100L, 23.0, 3)], projection.Training.Lengths.Select(l => (l.Steps, Math.Round(l.Seconds, 9), l.Count)));
        Assert.Equal(33, projection.Training.Intervals);
        Assert.Equal(0, projection.Training.Excluded);
    }

    [Fact]
    public void Recorded_training_and_checkpoint_times_are_used_as_recorded_instead_of_the_fit()
    {
        using var dir = new TempDirectory();
        // Steps recorded at 0.5 s from step 400 on (300 steps in three intervals); the fit, from wall_seconds, still says 0.2.
        var projection = Read(MakeRun(dir, lastStep: 600, recordedFrom: 400, recordedStepSeconds: 0.5));
        Assert.Equal(StepSeconds, projection.Training.SecondsPerStep!.Value, 9);
        var recorded = projection.Recorded!;
        Assert.Equal(300, recorded.Steps);
        Assert.Equal(0.5, recorded.SecondsPerStep, 12);
        Assert.Equal(3, recorded.Checkpoints);
        Assert.Equal(CheckpointSeconds, recorded.SecondsPerCheckpoint, 12);
        var parts = projection.Remaining();
        Assert.Equal(1400 * 0.5, Part(parts, "training").Seconds!.Value.Low, 9);
        Assert.Equal(300, Part(parts, "training").MeasuredUnits);
        Assert.Equal(14 * CheckpointSeconds, Part(parts, "checkpoint overhead").Seconds!.Value.Low, 9);
        Assert.Equal(3, Part(parts, "checkpoint overhead").MeasuredUnits);
        Assert.Equal("  cost by part at step 600: training and checkpoint overhead as recorded (300 steps, 3 checkpoints)",
            CostTable.Describe(projection).First());
    }

    [Fact]
    public void Recorded_step_time_is_total_seconds_over_total_steps_with_the_median_and_latest_per_interval()
    {
        // Intervals of 10, 10 and 100 steps at 0.1, 0.3 and 0.5 s per step; checkpoints of 3, 4 and 8 s; what is not a time is left out.
        var recorded = RecordedTrainingTime.Of([(10, 1.0), (10, 3.0), (0, 7.0), (100, 50.0), (10, double.NaN)], [3, double.PositiveInfinity, 4, -1, 8])!;
        Assert.Equal(120, recorded.Steps);
        Assert.Equal(54.0 / 120, recorded.SecondsPerStep, 12);
        Assert.Equal(0.3, recorded.MedianSecondsPerStep, 12);
        Assert.Equal(0.5, recorded.LatestSecondsPerStep, 12);
        Assert.Equal(3, recorded.Checkpoints);
        Assert.Equal(5, recorded.SecondsPerCheckpoint, 12);
        Assert.Equal(4, recorded.MedianSecondsPerCheckpoint, 12);
        Assert.Equal(8, recorded.LatestSecondsPerCheckpoint, 12);
        Assert.Null(RecordedTrainingTime.Of([], [3]));
        Assert.Null(RecordedTrainingTime.Of([(10, 1.0)], []));
    }

    [Fact]
    public void Measure_parts_hold_their_checkpoints_mean_and_median_and_Fisher_with_gradcov_is_counted_once()
    {
        using var dir = new TempDirectory();
        var measures = Read(MakeRun(dir, lastStep: 600)).Measures.ToDictionary(m => m.Name);
        Assert.Equal(["rankme", "fisher+gradcov", "llc", "hessian", "probe"], measures.Keys);
        Assert.Equal(34, measures["rankme"].MeasuredAt.Count);
        Assert.Equal(RankMeSeconds, measures["rankme"].MeanSeconds!.Value, 9);
        Assert.Equal(GradientSeconds, measures["fisher+gradcov"].MeanSeconds!.Value, 9);
        Assert.Equal([0L, 50, 100, 150, 200, 250, 300], measures["hessian"].MeasuredAt);
        Assert.Equal(650.0 / 7, measures["hessian"].MeanSeconds!.Value, 9);
        Assert.Equal(50, measures["hessian"].MedianSeconds!.Value, 9);
        Assert.Empty(measures["probe"].MeasuredAt);
        Assert.Null(measures["probe"].MeanSeconds);
    }

    [Fact]
    public void The_remaining_time_is_the_sum_of_the_parts_over_the_remaining_steps_and_checkpoints()
    {
        using var dir = new TempDirectory();
        var projection = Read(MakeRun(dir, lastStep: 600));
        var parts = projection.Remaining();
        // 1,400 steps and 14 checkpoints (700..2,000, indices 34..47) remain; the LLC and Hessian are due at 35, 40, 45.
        Assert.Equal(1400 * StepSeconds, Part(parts, "training").Seconds!.Value.Low, 6);
        Assert.Equal(14 * CheckpointSeconds, Part(parts, "checkpoint overhead").Seconds!.Value.Low, 6);
        Assert.Equal(14, Part(parts, "rankme").Units);
        Assert.Equal(14 * GradientSeconds, Part(parts, "fisher+gradcov").Seconds!.Value.Low, 6);
        Assert.Equal(3, Part(parts, "hessian").Units);
        Assert.Equal(3 * 650.0 / 7, Part(parts, "hessian").Seconds!.Value.Low, 6);
        Assert.DoesNotContain(parts, p => p.Name == "probe");
        var (known, unknown) = projection.RemainingTime()!.Value;
        Assert.Empty(unknown);
        Assert.True(known.IsExact);
        Assert.Equal(280 + 42 + 21 + 56 + 3 * 650.0 / 7 + 90, known.Low, 6);
    }

    [Fact]
    public void The_whole_run_is_projected_as_configured_and_with_every_measure_at_every_checkpoint()
    {
        using var dir = new TempDirectory();
        var projection = Read(MakeRun(dir, lastStep: 600));
        double trainingAndOverhead = 2000 * StepSeconds + 48 * CheckpointSeconds, everyCheckpoint = 48 * (RankMeSeconds + GradientSeconds);
        var configured = CostPart.Total(projection.WholeRun());
        Assert.Equal(trainingAndOverhead + everyCheckpoint + 10 * (LlcSeconds + 650.0 / 7), configured.Known.Low, 6);
        var all = projection.WholeRun(projection.EveryMeasureAtEveryCheckpoint());
        Assert.Equal(48, Part(all, "hessian").Units);
        Assert.Equal(trainingAndOverhead + everyCheckpoint + 48 * (LlcSeconds + 650.0 / 7), CostPart.Total(all).Known.Low, 6);
    }

    [Fact]
    public void A_measure_not_timed_yet_is_reported_unknown_not_invented()
    {
        using var dir = new TempDirectory();
        var folder = MakeRun(dir, lastStep: 600, timed: false);
        var projection = Read(folder);
        var llc = Part(projection.Remaining(), "llc");
        Assert.Equal(3, llc.Units);
        Assert.Null(llc.SecondsPerUnit);
        Assert.Null(llc.Seconds);
        Assert.Equal(["llc"], projection.RemainingTime()!.Value.Unknown);
        var status = Assert.Single(RunStatus.OfFolder(folder.Path));
        Assert.Contains(", ETA 11m 18s + llc (not measured yet)", StatusCommand.Describe(status, DateTime.UtcNow).First());
    }

    [Fact]
    public void A_complete_run_has_nothing_left()
    {
        using var dir = new TempDirectory();
        var folder = MakeRun(dir, lastStep: 2000);
        var projection = Read(folder);
        Assert.True(projection.Complete);
        Assert.Equal(SecondsRange.Exact(0), projection.RemainingTime()!.Value.Known);
        Assert.All(projection.Remaining(), p => Assert.Equal(0, p.Units));
        Assert.Equal(StepSeconds, projection.Training.SecondsPerStep!.Value, 9);
        Assert.Contains("; complete", StatusCommand.Describe(Assert.Single(RunStatus.OfFolder(folder.Path)), DateTime.UtcNow).First());
    }

    [Fact]
    public void An_interval_across_a_resume_is_left_out_of_the_fit()
    {
        using var dir = new TempDirectory();
        var projection = Read(MakeRun(dir, lastStep: 600, resumedAt: 200));
        Assert.Equal(1, projection.Training.Excluded);
        Assert.Equal(32, projection.Training.Intervals);
        Assert.Equal(StepSeconds, projection.Training.SecondsPerStep!.Value, 9);
        Assert.Equal(CheckpointSeconds, projection.Training.SecondsPerCheckpoint!.Value, 9);
    }

    [Fact]
    public void The_selection_is_read_from_the_measures_meta_or_is_unknown()
    {
        Assert.Equal(Selection, RunCostProjection.SelectionOf($"{{\"selection\":\"{Selection}\",\"settings\":{{}}}}")!.ToString());
        Assert.False(RunCostProjection.SelectionOf("none")!.Any);
        Assert.Null(RunCostProjection.SelectionOf(null));
        Assert.Null(RunCostProjection.SelectionOf("{\"selection\":\"rankme,curvature\"}"));
        Assert.Null(RunCostProjection.SelectionOf("{truncated"));
    }

    [Fact]
    public void A_cost_that_is_not_a_finite_number_is_no_time()
    {
        using var dir = new TempDirectory();
        var folder = MakeRun(dir, lastStep: 600);
        using (var store = RunStore.Open(folder.StorePath))
            store.RecordMetrics([Cost(600, "rankme", double.NaN), Cost(500, "llc", double.PositiveInfinity)]);
        var measures = Read(folder).Measures.ToDictionary(m => m.Name);
        Assert.Equal(33, measures["rankme"].MeasuredAt.Count);
        Assert.Equal(RankMeSeconds, measures["rankme"].MeanSeconds!.Value, 9);
        Assert.Equal(LlcSeconds, measures["llc"].MeanSeconds!.Value, 9);
    }

    [Fact]
    public void The_cost_table_prints_every_part_and_both_whole_run_totals()
    {
        using var dir = new TempDirectory();
        var lines = CostTable.Describe(Read(MakeRun(dir, lastStep: 600))).ToList();
        Assert.Equal("  cost by part at step 600: 33 checkpoint intervals (fitted: 10 steps: median 5.0 s of 10, 100 steps: median 23.0 s of 3)", lines[0]);
        Assert.Matches(@"^ +part +unit +measured +s/unit +median s +latest s +remaining +remaining time$", lines[1]);
        Assert.Matches(@"^ +training +step +400 +0\.200 +- +- +1,400 +4m 40s$", lines[2]);
        Assert.Matches(@"^ +hessian +checkpoint +7 +92\.9 +50\.0 +50\.0 +3 +4m 39s$", lines.Single(l => l.TrimStart().StartsWith("hessian")));
        Assert.Equal("    remaining: 12m 48s", lines.Single(l => l.TrimStart().StartsWith("remaining:")));
        Assert.StartsWith($"    whole run as configured ({Selection}): 33m 57s = training 6m 40s, checkpoint overhead 2m 24s,", lines[^2]);
        Assert.StartsWith("    whole run with every measure at every checkpoint: 1h 51m = ", lines[^1]);
    }
}
