using System.Text.Json;
using Emergence.Measures;
using Emergence.Storage;
using Emergence.Training;

namespace Emergence.Study;

/// <summary>
/// A run's cost part by part, extrapolated from its own store: seconds per training step and per
/// checkpoint (evaluation, saving, everything besides the timed measures) as the trainer recorded
/// them (<see cref="RecordedTrainingTime"/>), or for a store without those rows fitted from the
/// checkpoints' <c>wall_seconds</c> (<see cref="TrainingTimeFit"/>), and each measure's mean
/// seconds per run from its <c>cost_seconds.&lt;measure&gt;</c> rows (<see cref="MeasureCost"/>).
/// The checkpoint steps come from the run's <see cref="CheckpointSchedule"/>, and which measures
/// run at which checkpoint from the run's measure selection (meta <c>measures</c>) by
/// <see cref="MeasureSelection.IsDue"/>, counting checkpoints in the schedule as the trainer does.
/// Assumed: step and checkpoint times stay as fitted, and every measure costs its mean so far.
/// </summary>
/// <param name="Step">The last committed checkpoint's step.</param>
/// <param name="Steps">The run's configured steps.</param>
/// <param name="Schedule">Every checkpoint step of the run, in order.</param>
/// <param name="Training">The step and checkpoint times fitted from <c>wall_seconds</c>.</param>
/// <param name="Recorded">The step and checkpoint times the trainer recorded; when present, the projection uses them rather than the fit.</param>
/// <param name="Measures">Every measure part, in the protocol's order, measured or not.</param>
/// <param name="Selection">The measures the trainer runs (meta <c>measures</c>); null when the store does not record it.</param>
public sealed record RunCostProjection(long Step, long Steps, CheckpointSteps Schedule, TrainingTimeFit Training, RecordedTrainingTime? Recorded,
    IReadOnlyList<MeasureCost> Measures, MeasureSelection? Selection)
{
    /// <summary>Reads the projection of a store with at least one checkpoint and its configuration.</summary>
    public static RunCostProjection Read(RunStore store, TrainingConfig config)
    {
        var checkpoints = store.Checkpoints();
        if (checkpoints.Count == 0) throw new StoreException($"Run store {store.Path} holds no checkpoint to project from.");
        var schedule = config.Checkpoints.Steps(config.Steps);
        var selection = SelectionOf(store.Meta("measures"));
        var costs = MeasureSelection.All.ToDictionary(k => k,
            k => store.Metrics(MetricNames.CostSeconds(MeasureSelection.NameOf(k))).Where(r => double.IsFinite(r.Value) && r.Value >= 0)
                .ToDictionary(r => r.Step, r => r.Value));   // a time that is not a finite, non-negative number is no time

        // Seconds of the measures the trainer ran at a checkpoint (those due there by the selection;
        // every one stored when the selection or the checkpoint's place is unknown): rows added later
        // by `emergence measure` are not in the training clock.
        double Trained(long step) => MeasureSelection.All
            .Where(k => selection is null || schedule.IndexOf(step) is not (>= 0 and var i) || selection.IsDue(k, i))
            .Sum(k => costs[k].GetValueOrDefault(step));

        var commits = store.CheckpointCommitTimes().ToDictionary(c => c.Step, c => c.RecordedAt);
        var intervals = new List<CheckpointInterval>();
        for (int i = 1; i < checkpoints.Count; i++)
        {
            var (from, to) = (checkpoints[i - 1], checkpoints[i]);
            double clock = to.WallSeconds - from.WallSeconds - Trained(from.Step);
            double commit = (commits[to.Step] - commits[from.Step]).TotalSeconds - Trained(to.Step);
            intervals.Add(new(from.Step, to.Step - from.Step, clock, TrainingTimeFit.CrossesSitting(clock, commit)));
        }
        var trainingRows = TimingRows(store, MetricNames.TrainingCost);
        var checkpointRows = TimingRows(store, MetricNames.CheckpointCost);
        var recorded = RecordedTrainingTime.Of(
            [.. Enumerable.Range(1, checkpoints.Count - 1).Where(i => trainingRows.ContainsKey(checkpoints[i].Step))
                .Select(i => (checkpoints[i].Step - checkpoints[i - 1].Step, trainingRows[checkpoints[i].Step]))],
            [.. checkpoints.Where(c => checkpointRows.ContainsKey(c.Step)).Select(c => checkpointRows[c.Step])]);
        var measures = MeasureCost.Groups.Select(kinds => MeasureCost.Of(kinds, kinds.SelectMany(k => costs[k])
            .GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Sum(p => p.Value)))).ToList();
        return new(checkpoints[^1].Step, config.Steps, schedule, TrainingTimeFit.Fit(intervals), recorded, measures, selection);
    }

    /// <summary>A trainer timing's rows by step (step-level rows only).</summary>
    private static Dictionary<long, double> TimingRows(RunStore store, string name) =>
        store.Metrics(name).Where(r => r.Task == "").GroupBy(r => r.Step).ToDictionary(g => g.Key, g => g.First().Value);

    /// <summary>The selection in a run's meta <c>measures</c> ("none", or JSON with a "selection" text); null when absent or unreadable.</summary>
    public static MeasureSelection? SelectionOf(string? measuresMeta)
    {
        if (measuresMeta is null) return null;
        if (measuresMeta.Trim() == "none") return MeasureSelection.Parse("none", null);
        try
        {
            using var document = JsonDocument.Parse(measuresMeta);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("selection", out var text) && text.ValueKind == JsonValueKind.String
                ? MeasureSelection.FromDescription(text.GetString()!)
                : null;
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Every geometric measure (and the run's own, e.g. the probes) at every checkpoint: the paper's protocol.</summary>
    public MeasureSelection EveryMeasureAtEveryCheckpoint() =>
        new(MeasureSelection.Geometric.Union(Selection?.Measures ?? new HashSet<MeasureKind>()).ToHashSet(), new Dictionary<MeasureKind, int>());

    /// <summary>Whether the run has reached its last step.</summary>
    public bool Complete => Step >= Steps;

    /// <summary>What remains after the last committed checkpoint, with the run's own measures.</summary>
    public IReadOnlyList<CostPart> Remaining()
    {
        int done = Schedule.IndexOf(Step) is >= 0 and var last ? last + 1 : Schedule.Count(s => s <= Step);
        return Parts(Steps - Step, Schedule.Count - done, done, Selection ?? MeasureSelection.Parse("none", null));
    }

    /// <summary>
    /// Time still needed after the last checkpoint: the sum of the <see cref="Remaining"/> parts (a
    /// range while step and checkpoint times are not identified apart) and the names of the parts
    /// not measured yet, whose time is left out; null while no interval is fitted and steps remain.
    /// </summary>
    public (SecondsRange Known, IReadOnlyList<string> Unknown)? RemainingTime() =>
        Recorded is null && Training.Lengths.Count == 0 && !Complete ? null : CostPart.Total(Remaining());

    /// <summary>The whole run from step 0 with <paramref name="plan"/> (the run's own selection when null).</summary>
    public IReadOnlyList<CostPart> WholeRun(MeasureSelection? plan = null) =>
        Parts(Steps, Schedule.Count, 0, plan ?? Selection ?? MeasureSelection.Parse("none", null));

    /// <summary>The parts of <paramref name="steps"/> steps and the checkpoints from position <paramref name="first"/> on.</summary>
    private List<CostPart> Parts(long steps, int checkpoints, int first, MeasureSelection plan)
    {
        var parts = new List<CostPart>();
        var lengths = Training.Lengths;
        if (Recorded is { } r)
        {
            parts.Add(new("training", "step", r.Steps, r.SecondsPerStep, r.MedianSecondsPerStep, r.LatestSecondsPerStep, steps, SecondsRange.Exact(steps * r.SecondsPerStep)));
            parts.Add(new("checkpoint overhead", "checkpoint", r.Checkpoints, r.SecondsPerCheckpoint, r.MedianSecondsPerCheckpoint, r.LatestSecondsPerCheckpoint,
                checkpoints, SecondsRange.Exact(checkpoints * r.SecondsPerCheckpoint)));
        }
        else if (Training is { SecondsPerStep: double a, SecondsPerCheckpoint: double o })
        {
            parts.Add(new("training", "step", lengths.Sum(l => l.Steps * l.Count), a, null, null, steps, SecondsRange.Exact(steps * a)));
            parts.Add(new("checkpoint overhead", "checkpoint", lengths.Sum(l => l.Count), o, null, null, checkpoints, SecondsRange.Exact(checkpoints * o)));
        }
        else
        {
            var unit = lengths.Count > 0 ? $"{lengths[0].Steps}-step interval" : "interval";
            parts.Add(new("training + checkpoint overhead", unit, lengths.Sum(l => l.Count), lengths.Count > 0 ? lengths[0].Seconds : null, null, null,
                checkpoints, Training.Project(steps, checkpoints)));
        }
        foreach (var measure in Measures)
        {
            long units = Enumerable.Range(first, checkpoints).Count(i => measure.Kinds.Any(k => plan.IsDue(k, i)));
            if (units == 0 && measure.MeasuredAt.Count == 0) continue;
            parts.Add(new(measure.Name, "checkpoint", measure.MeasuredAt.Count, measure.MeanSeconds, measure.MedianSeconds, measure.LatestSeconds, units,
                measure.MeanSeconds is double mean ? SecondsRange.Exact(units * mean) : units == 0 ? SecondsRange.Exact(0) : null));
        }
        return parts;
    }
}
