using Emergence.Analysis;
using Emergence.Storage;

namespace Emergence.Pythia.SweepAnalysis;

/// <summary>A checkpoint left out because its weights equal an earlier checkpoint's.</summary>
public sealed record SkippedCheckpoint(long Step, long DuplicateOf);

/// <summary>
/// One Pythia sweep (one model size) read from its run store: the checkpoints kept (in step order,
/// duplicates removed) and every metric series aligned to them (NaN where not recorded).
/// </summary>
public sealed class PythiaRunData
{
    /// <summary>Absolute path of the store.</summary>
    public required string Source { get; init; }
    /// <summary>Short name of the model in tables (the model folder's name, e.g. pythia-160m-deduped).</summary>
    public required string Label { get; init; }
    /// <summary>Meta "model" (architecture description).</summary>
    public required string Model { get; init; }
    /// <summary>Measured steps, increasing, duplicates left out.</summary>
    public required IReadOnlyList<long> Steps { get; init; }
    /// <summary>Checkpoints left out as duplicates of an earlier one.</summary>
    public required IReadOnlyList<SkippedCheckpoint> Skipped { get; init; }
    /// <summary>Every metric series, aligned with <see cref="Steps"/> (NaN where missing).</summary>
    public required IReadOnlyDictionary<SeriesKey, double[]> Series { get; init; }
    /// <summary>Values that came out NaN or infinite (flagged in the store; NaN in <see cref="Series"/>).</summary>
    public IReadOnlyList<NonFiniteValue> NonFinite { get; init; } = [];

    /// <summary>Probe sets (tasks) with a <c>rankme</c> series, in name order.</summary>
    public IReadOnlyList<string> ProbeSets =>
        [.. Series.Keys.Where(k => k.Name == MetricNames.RankMe).Select(k => k.Task).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>Layers 0..L with a <c>rankme</c> series for the probe set, in order.</summary>
    public IReadOnlyList<int> Layers(string probeSet) =>
        [.. Series.Keys.Where(k => k.Name == MetricNames.RankMe && k.Task == probeSet).Select(k => k.Layer).Order()];

    /// <summary>The series of a metric, probe set, layer and level, or null.</summary>
    public double[]? Get(string name, string task, int layer = MetricRow.NoLayer, int level = 0) =>
        Series.TryGetValue(new SeriesKey(name, task, level, layer), out var v) ? v : null;

    /// <summary>
    /// Loads a run folder (holding run.db) or store file. Requires meta kind = "pythia" and at least one
    /// <c>rankme</c> series; checkpoints with a <c>duplicate_of</c> metric are left out (listed in
    /// <see cref="Skipped"/>).
    /// </summary>
    public static PythiaRunData Load(string path)
    {
        string storePath = File.Exists(path) ? path : new RunFolder(path).StorePath;
        using var store = RunStore.Open(storePath, readOnly: true);
        var kind = store.Meta("kind");
        if (kind != "pythia")
            throw new ArgumentException($"Run {path} is not a Pythia sweep (meta kind is '{kind ?? "missing"}', expected 'pythia').");
        var metrics = store.Metrics();
        var skipped = metrics.Where(m => m.Name == MetricNames.DuplicateOf && m.Task == "" && !double.IsNaN(m.Value))
            .Select(m => new SkippedCheckpoint(m.Step, (long)m.Value)).OrderBy(s => s.Step).ToList();
        var skippedSteps = skipped.Select(s => s.Step).ToHashSet();
        var steps = store.Checkpoints().Select(c => c.Step).Where(s => !skippedSteps.Contains(s)).ToList();
        if (steps.Count == 0) throw new ArgumentException($"Run {path} has no checkpoints (after leaving out duplicates); nothing to analyse.");
        var series = RunLoader.Series(metrics, steps);
        if (!series.Keys.Any(k => k.Name == MetricNames.RankMe))
            throw new ArgumentException($"Run {path} has no 'rankme' metric; nothing to analyse.");
        var modelDir = store.Meta("model_dir");
        var label = modelDir is null ? "" : Path.GetFileName(Path.TrimEndingDirectorySeparator(modelDir));
        if (string.IsNullOrEmpty(label)) label = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(storePath))) ?? path;
        return new PythiaRunData
        {
            Source = Path.GetFullPath(path), Label = label, Model = store.Meta("model") ?? "unknown",
            Steps = steps, Skipped = skipped, Series = series, NonFinite = store.NonFinite(),
        };
    }
}
