using Emergence.Analysis;
using Emergence.Storage;
using Emergence.Training;

namespace Emergence.Study;

/// <summary>
/// Where a run stands, read from its store on a read-only connection (a training process may be
/// writing it; in WAL mode the reader sees every committed checkpoint and never blocks the writer).
/// The store records checkpoints, so <see cref="Step"/> is the last committed checkpoint.
/// </summary>
/// <param name="Name">The run's name.</param>
/// <param name="Step">The last committed checkpoint's step, or null before the first.</param>
/// <param name="Steps">The run's configured total steps.</param>
/// <param name="StepsPerSecond">Steps over training seconds (the checkpoints' <c>wall_seconds</c>, evaluation and measures included) across the last <see cref="RateWindow"/> checkpoint intervals.</param>
/// <param name="Cost">The run's cost part by part, projected from its store (<see cref="RunCostProjection"/>); null before the first checkpoint.</param>
/// <param name="LastCheckpointAt">When the last checkpoint was committed (UTC), or null before the first.</param>
/// <param name="MeanAccuracy">Mean exact-match accuracy over the run's task-levels at the last checkpoint.</param>
/// <param name="Emerged">Task-levels whose accuracy has emerged so far (PROTOCOL §5: above 0.1 at 5 consecutive checkpoints).</param>
/// <param name="TaskLevels">Task-levels the run is configured with.</param>
/// <param name="LastMeasures">Every stored metric besides the evaluation's, with the last step it is stored at.</param>
/// <param name="Diverged">The first NaN or infinite training loss or gradient norm, or null.</param>
/// <param name="CreatedAt">When the store was created (UTC, its <c>created_at</c> meta), or null when not recorded.</param>
public sealed record RunStatus(string Name, long? Step, long Steps, double? StepsPerSecond, RunCostProjection? Cost,
    DateTime? LastCheckpointAt, double? MeanAccuracy, int Emerged, int TaskLevels,
    IReadOnlyList<(string Name, long Step)> LastMeasures, Divergence? Diverged, DateTime? CreatedAt = null)
{
    /// <summary>Checkpoint intervals the rate is measured over (a measure at every k-th checkpoint averages out).</summary>
    public const int RateWindow = 10;

    /// <summary>Time still needed after the last checkpoint (<see cref="RunCostProjection.RemainingTime"/>); null before the first checkpoint.</summary>
    public (SecondsRange Known, IReadOnlyList<string> Unknown)? Remaining => Cost?.RemainingTime();

    private static readonly HashSet<string> EvaluationMetrics = [MetricNames.Accuracy, MetricNames.AnswerLogprob, MetricNames.AnswerTokenLoss];

    /// <summary>A run that has no store yet.</summary>
    public static RunStatus NotStarted(string name, TrainingConfig config) =>
        new(name, null, config.Steps, null, null, null, null, 0, config.TaskLevels.Count, [], null);

    /// <summary>Reads a run folder's store read-only; <paramref name="name"/> labels it.</summary>
    public static RunStatus Read(string name, RunFolder folder)
    {
        using var store = RunStore.Open(folder.StorePath, readOnly: true);
        var config = TrainingConfig.FromJson(store.Meta("config") ?? throw new StoreException($"Run store {folder.StorePath} holds no configuration."));
        var checkpoints = store.Checkpoints();
        if (checkpoints.Count == 0)
            return NotStarted(name, config) with { Diverged = store.Divergence(), CreatedAt = CreatedAtOf(store) };
        var last = checkpoints[^1];
        var reference = checkpoints[Math.Max(0, checkpoints.Count - 1 - RateWindow)];
        double? rate = last.WallSeconds > reference.WallSeconds && last.Step > reference.Step
            ? (last.Step - reference.Step) / (last.WallSeconds - reference.WallSeconds)
            : null;

        var options = new AnalysisOptions();
        var steps = checkpoints.Select(c => c.Step).ToList();
        var index = steps.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i);
        var series = store.Metrics(MetricNames.Accuracy).GroupBy(m => (m.Task, m.Level)).ToList();
        int emerged = series.Count(g =>
        {
            var values = Enumerable.Repeat(double.NaN, steps.Count).ToArray();
            foreach (var m in g) if (index.TryGetValue(m.Step, out var i)) values[i] = m.Value;
            return EmergenceDetector.Detect(steps, values, options.AccuracyThreshold, options.ConsecutiveCheckpoints).HasEmerged;
        });
        var latest = series.Select(g => g.Where(m => m.Step == last.Step).Select(m => m.Value).FirstOrDefault(double.NaN))
            .Where(v => !double.IsNaN(v)).ToList();
        return new RunStatus(name, last.Step, config.Steps, rate, RunCostProjection.Read(store, config), store.LastCheckpointRecordedAt(),
            latest.Count > 0 ? latest.Average() : null, emerged, config.TaskLevels.Count,
            [.. store.LastStepOfEachMetric().Where(m => !EvaluationMetrics.Contains(m.Name))], store.Divergence(), CreatedAtOf(store));
    }

    private static DateTime? CreatedAtOf(RunStore store) =>
        DateTime.TryParse(store.Meta("created_at"), System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.RoundtripKind, out var at) ? at.ToUniversalTime() : null;

    /// <summary>
    /// The status of every run in <paramref name="path"/>: a run folder (holding run.db) or a study
    /// folder (holding study.json; its runs in the study's order, those not begun as not started).
    /// </summary>
    public static IReadOnlyList<RunStatus> OfFolder(string path)
    {
        var run = new RunFolder(path);
        if (run.HasStore) return [Read(System.IO.Path.GetFileName(run.Path), run)];
        var study = new StudyFolder(path);
        if (study.Load() is { } definition)
            return [.. definition.Runs.Select(r => study.Run(r.Name) is { HasStore: true } folder ? Read(r.Name, folder) : NotStarted(r.Name, r.Training))];
        throw new ArgumentException($"{path} is not a run folder (no run.db) or a study folder (no study.json).");
    }
}
