using Emergence.Storage;
using Emergence.Tasks;

namespace Emergence.Analysis;

/// <summary>
/// One run as the analyses see it: identity (model size, seed, layer count, configuration) and every
/// metric series aligned with the run's checkpoint steps. A value missing at a checkpoint is NaN.
/// </summary>
public sealed class RunData
{
    /// <summary>Absolute path of the run.</summary>
    public required string Source { get; init; }
    /// <summary>Model size (meta "model").</summary>
    public required string Model { get; init; }
    /// <summary>Training seed (meta "seed").</summary>
    public required int Seed { get; init; }
    /// <summary>Number of transformer blocks.</summary>
    public required int Layers { get; init; }
    /// <summary>The run's training configuration, normalised (see <see cref="Training.TrainingConfig.Normalise"/>).</summary>
    public required string ConfigJson { get; init; }
    /// <summary>The run's meta "measures": selection and settings as recorded at its creation (null when not recorded).</summary>
    public string? MeasuresJson { get; init; }
    /// <summary>Checkpoint steps, ascending.</summary>
    public required IReadOnlyList<long> Steps { get; init; }
    /// <summary>Every metric series, aligned with the checkpoints (NaN where missing).</summary>
    public required IReadOnlyDictionary<SeriesKey, double[]> Series { get; init; }

    /// <summary>Where training diverged (its checkpoints end before that step), or null.</summary>
    public Storage.Divergence? Diverged { get; init; }

    /// <summary>Metric values that came out NaN or infinite (flagged in the store; NaN in <see cref="Series"/>).</summary>
    public IReadOnlyList<Storage.NonFiniteValue> NonFinite { get; init; } = [];

    /// <summary>Display name in tables: the size, with "/s{seed}" when a set holds several seeds of it.</summary>
    public string Label { get; set; } = "";

    /// <summary>Task-levels with an accuracy series: the run's task suite.</summary>
    public IReadOnlyList<TaskLevel> TaskLevels =>
        [.. Series.Keys.Where(k => k.Name == MetricNames.Accuracy && k.Level >= 1)
            .Select(k => new TaskLevel(TaskKinds.Parse(k.Task), k.Level)).Distinct().OrderBy(t => t.Index)];

    /// <summary>The tasks of the run's task-levels, in protocol order.</summary>
    public IReadOnlyList<TaskKind> Tasks => [.. TaskLevels.Select(t => t.Task).Distinct().Order()];

    /// <summary>Whether any series has this metric name.</summary>
    public bool HasMetric(string name) => Series.Keys.Any(k => k.Name == name);

    /// <summary>The series of a metric at a task, level and layer, or null.</summary>
    public double[]? Get(string name, string task, int level, int layer) =>
        Series.TryGetValue(new SeriesKey(name, task, level, layer), out var s) ? s : null;

    /// <summary>The accuracy series of a task-level, or null.</summary>
    public double[]? Accuracy(TaskLevel tl) => Get(MetricNames.Accuracy, tl.Task.Name(), tl.Level, -1);

    /// <summary>
    /// Task accuracy a_T(t) = mean over the task's levels l of a_{T,l}(t); NaN at a checkpoint where any
    /// level is missing. Null when the task has no accuracy series.
    /// </summary>
    public double[]? TaskAccuracy(TaskKind task) => TaskBehaviour(MetricNames.Accuracy, task);

    /// <summary>A behavioural metric's series of a task-level (layer -1, e.g. <c>accuracy</c> or <c>answer_logprob</c>), or null.</summary>
    public double[]? Behaviour(string metric, TaskLevel tl) => Get(metric, tl.Task.Name(), tl.Level, -1);

    /// <summary>
    /// A behavioural metric of a task: the mean over the task's levels of <see cref="Behaviour"/>; NaN at a
    /// checkpoint where any level is missing. Null when the task has no accuracy series or a level lacks the metric.
    /// </summary>
    public double[]? TaskBehaviour(string metric, TaskKind task)
    {
        var series = TaskLevels.Where(t => t.Task == task).Select(t => Behaviour(metric, t)).ToList();
        if (series.Count == 0 || series.Any(s => s is null)) return null;
        var levels = series.Select(s => s!).ToList();
        var mean = new double[Steps.Count];
        for (int i = 0; i < mean.Length; i++) mean[i] = levels.Average(s => s[i]);
        return mean;
    }

    /// <summary>The task RankMe series of the analyses: task-pooled (level 0) at the final block (layer = L).</summary>
    public double[]? TaskRankMe(TaskKind task) => Get(MetricNames.RankMe, task.Name(), 0, Layers);

    /// <summary>The label, or the model when there is none.</summary>
    public override string ToString() => Label == "" ? Model : Label;
}
