using Emergence.Models;
using Emergence.Storage;
using Emergence.Training;

namespace Emergence.Analysis;

/// <summary>Reads runs from their stores (read-only) into <see cref="RunData"/>.</summary>
public static class RunLoader
{
    /// <summary>
    /// Loads one run from a run folder (holding run.db) or a store file. Requires meta "model",
    /// "seed" and "config" and at least one checkpoint; metric rows at steps that are not
    /// checkpoints are ignored. A diverged run loads with its checkpoints before the divergence
    /// and <see cref="RunData.Diverged"/> set; flagged non-finite values are listed in
    /// <see cref="RunData.NonFinite"/>.
    /// </summary>
    public static RunData Load(string path)
    {
        string storePath = File.Exists(path) ? path : new RunFolder(path).StorePath;
        using var store = RunStore.Open(storePath, readOnly: true);
        string model = store.Meta("model") ?? throw new AnalysisInputException($"Run {path} has no 'model' in its meta; cannot name its size.");
        string seedText = store.Meta("seed") ?? throw new AnalysisInputException($"Run {path} has no 'seed' in its meta.");
        if (!int.TryParse(seedText, out int seed)) throw new AnalysisInputException($"Run {path} has a non-integer seed '{seedText}'.");
        string configJson = store.Meta("config") ?? throw new AnalysisInputException($"Run {path} has no 'config' in its meta; cannot tell its layer count or compare it with the other runs.");
        GptConfig gpt;
        try
        {
            gpt = TrainingConfig.FromJson(configJson).Model;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or NotSupportedException)
        {
            throw new AnalysisInputException($"Run {path} has an unreadable 'config' meta: {e.Message}");
        }
        var steps = store.Checkpoints().Select(c => c.Step).ToList();
        if (steps.Count == 0) throw new AnalysisInputException($"Run {path} has no checkpoints; nothing to analyse.");
        var series = Series(store.Metrics(), steps);
        var run = new RunData
        {
            Source = Path.GetFullPath(path), Model = model, Seed = seed, Layers = gpt.Layers,
            ConfigJson = TrainingConfig.Normalise(configJson), Steps = steps, Series = series, MeasuresJson = store.Meta("measures"),
            Diverged = store.Divergence(), NonFinite = [.. store.NonFinite().Where(v => v.Name is not (RunStore.TrainLoss or RunStore.GradientNorm))],
        };
        if (run.TaskLevels.Count == 0) throw new AnalysisInputException($"Run {path} has no 'accuracy' metrics; nothing to analyse.");
        return run;
    }

    /// <summary>Loads every run and checks that they can be analysed together (<see cref="CheckCompatible"/>).</summary>
    public static IReadOnlyList<RunData> LoadAll(IEnumerable<string> paths, AnalysisOptions options)
    {
        var runs = paths.Select(Load).ToList();
        CheckCompatible(runs, options);
        return runs;
    }

    /// <summary>
    /// Runs analysed together must have the same task suite (task-levels with accuracy), configurations
    /// that differ only in <see cref="AnalysisOptions.AllowedConfigDifferences"/>, and distinct
    /// (model, seed). Sets each run's <see cref="RunData.Label"/>.
    /// </summary>
    public static void CheckCompatible(IReadOnlyList<RunData> runs, AnalysisOptions options)
    {
        if (runs.Count == 0) throw new AnalysisInputException("No runs given.");
        var first = runs[0];
        var suite = string.Join(",", first.TaskLevels);
        foreach (var run in runs.Skip(1))
        {
            var other = string.Join(",", run.TaskLevels);
            if (other != suite)
                throw new AnalysisInputException($"Runs have different task suites: {first.Source} has [{suite}], {run.Source} has [{other}].");
            var differences = JsonDifferences.Between(first.ConfigJson, run.ConfigJson, max: int.MaxValue)
                .Where(d => !options.AllowedConfigDifferences.Contains(TopLevelKey(d))).ToList();
            if (differences.Count > 0)
                throw new AnalysisInputException($"Runs {first.Source} and {run.Source} have different configurations ({differences[0]}); allow a key with --allow-config-difference.");
        }
        var duplicate = runs.GroupBy(r => (r.Model, r.Seed)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new AnalysisInputException($"Two runs of model {duplicate.Key.Model} seed {duplicate.Key.Seed}: {string.Join(", ", duplicate.Select(r => r.Source))}.");
        foreach (var run in runs)
            run.Label = runs.Count(r => r.Model == run.Model) > 1 ? $"{run.Model}/s{run.Seed}" : run.Model;
    }

    /// <summary>
    /// Metric rows as one series per (name, task, level, layer), aligned to <paramref name="steps"/>
    /// (NaN where a checkpoint has no value; rows at other steps are left out).
    /// </summary>
    public static Dictionary<SeriesKey, double[]> Series(IEnumerable<MetricRow> rows, IReadOnlyList<long> steps)
    {
        var index = steps.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i);
        var series = new Dictionary<SeriesKey, double[]>();
        foreach (var row in rows)
        {
            if (!index.TryGetValue(row.Step, out int i)) continue;
            var key = new SeriesKey(row.Name, row.Task, row.Level, row.Layer);
            if (!series.TryGetValue(key, out var values))
            {
                values = new double[steps.Count];
                Array.Fill(values, double.NaN);
                series[key] = values;
            }
            values[i] = row.Value;
        }
        return series;
    }

    /// <summary>The top-level setting a difference path starts with ("model.layers: ..." → "model").</summary>
    private static string TopLevelKey(string difference) =>
        difference[..difference.IndexOfAny(['.', '[', ':'])];

    /// <summary>Sizes in order: the presets' order (nano..large), then others by layer count and name.</summary>
    public static IReadOnlyList<string> OrderedModels(IEnumerable<RunData> runs) =>
        [.. runs.GroupBy(r => r.Model)
            .OrderBy(g => PresetRank(g.Key)).ThenBy(g => g.First().Layers).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key)];

    private static int PresetRank(string model)
    {
        for (int i = 0; i < GptConfig.Presets.Count; i++)
            if (GptConfig.Presets[i].Name == model) return i;
        return GptConfig.Presets.Count;
    }

    /// <summary>Runs ordered by size, then seed.</summary>
    public static IReadOnlyList<RunData> Ordered(IReadOnlyList<RunData> runs)
    {
        var models = OrderedModels(runs);
        return [.. runs.OrderBy(r => models.IndexOf(r.Model)).ThenBy(r => r.Seed)];
    }
}
