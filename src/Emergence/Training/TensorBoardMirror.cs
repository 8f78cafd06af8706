using Emergence.Storage;
using TorchSharp.Modules;
using static TorchSharp.torch.utils;

namespace Emergence.Training;

/// <summary>
/// Mirrors what a run commits into TensorBoard event files (TorchSharp's <c>SummaryWriter</c>), in
/// <paramref name="logDirectory"/>, while passing every call on to <paramref name="inner"/>: the
/// training loss and learning rate of every step (<c>train/loss</c>, <c>train/lr</c>) and every
/// metric of every checkpoint under <see cref="Tag"/>. The store stays the record; the mirror is
/// for watching. A resumed run whose folder holds no event file yet first replays the store's
/// history, so the folder always shows the whole run. TensorBoard's scalars are float32 and this
/// writer's wall times whole seconds since 1970.
/// NaN or infinite metric values are left out (the store flags them, see <see cref="RunStore.NonFinite"/>).
/// </summary>
public sealed class TensorBoardMirror(ITrainingObserver inner, string logDirectory, RunFolder run) : ITrainingObserver
{
    private SummaryWriter? _writer;

    /// <summary>Tag of every step's training loss.</summary>
    public const string LossTag = "train/loss";
    /// <summary>Tag of every step's learning rate.</summary>
    public const string LearningRateTag = "train/lr";

    /// <summary>
    /// A metric's tag: its name, then the task-level (<c>COPY_L1</c>; the task alone for a
    /// task-pooled value), then the layer (<c>layer2</c>), each only when present: <c>rankme/layer2</c>,
    /// <c>accuracy/COPY_L1</c>, <c>llc</c>.
    /// </summary>
    public static string Tag(MetricRow metric)
    {
        var parts = new List<string> { metric.Name };
        if (metric.Task.Length > 0) parts.Add(metric.Level > 0 ? $"{metric.Task}_L{metric.Level}" : metric.Task);
        else if (metric.Level > 0) parts.Add($"L{metric.Level}");
        if (metric.Layer >= 0) parts.Add($"layer{metric.Layer}");
        return string.Join('/', parts);
    }

    /// <summary>Opens the event writer (replaying the store's history into an empty folder of a resumed run), then passes the call on.</summary>
    public void Started(TrainingConfig config, long firstStep)
    {
        bool fresh = !Directory.Exists(logDirectory) || !Directory.EnumerateFiles(logDirectory, "events.out.tfevents.*").Any();
        _writer = tensorboard.SummaryWriter(logDirectory);
        if (fresh && firstStep > 0)
        {
            using var store = RunStore.Open(run.StorePath, readOnly: true);
            var checkpoints = store.Checkpoints();
            var steps = checkpoints.Select(c => c.Step).ToList();
            var metrics = store.Metrics().ToLookup(m => m.Step);
            var losses = store.StepLosses().ToLookup(l => CheckpointOf(steps, l.Step));
            foreach (var checkpoint in checkpoints)
                WriteScalars([.. metrics[checkpoint.Step]], [.. losses[checkpoint.Step]]);
        }
        inner.Started(config, firstStep);
    }

    /// <summary>The first checkpoint at or after <paramref name="step"/>: the one that committed its loss.</summary>
    private static long CheckpointOf(List<long> checkpoints, long step)
    {
        int i = checkpoints.BinarySearch(step);
        return i >= 0 ? checkpoints[i] : ~i < checkpoints.Count ? checkpoints[~i] : long.MaxValue;
    }

    /// <summary>Passes the call on (step losses are written when their checkpoint is recorded).</summary>
    public void Stepped(long step, double loss, double learningRate, double tokensPerSecond) =>
        inner.Stepped(step, loss, learningRate, tokensPerSecond);

    /// <summary>Passes the call on.</summary>
    public void Checkpointed(long step, IReadOnlyList<TaskLevelResult> results) => inner.Checkpointed(step, results);

    /// <summary>Writes the committed checkpoint's metrics and step losses as scalars, then passes the call on.</summary>
    public void Recorded(CheckpointRow checkpoint, IReadOnlyList<MetricRow> metrics, IReadOnlyList<StepLoss> losses)
    {
        WriteScalars(metrics, losses);
        inner.Recorded(checkpoint, metrics, losses);
    }

    private void WriteScalars(IReadOnlyList<MetricRow> metrics, IReadOnlyList<StepLoss> losses)
    {
        var writer = _writer ?? throw new InvalidOperationException("Recorded before Started");
        foreach (var loss in losses)
        {
            writer.add_scalar(LossTag, (float)loss.Loss, checked((int)loss.Step));
            writer.add_scalar(LearningRateTag, (float)loss.LearningRate, checked((int)loss.Step));
        }
        foreach (var metric in metrics.Where(m => double.IsFinite(m.Value)))
            writer.add_scalar(Tag(metric), (float)metric.Value, checked((int)metric.Step));
    }
}
