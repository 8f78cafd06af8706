using Emergence.Analysis;
using Emergence.Models;
using Emergence.Storage;
using Emergence.Training;

namespace Emergence.Tests.Analysis;

/// <summary>Builds synthetic runs: metric series over given checkpoint steps, in memory or as a run store.</summary>
public sealed class SyntheticRun(string model, IReadOnlyList<long> steps, int seed = 0)
{
    public string Model { get; } = model;
    public int Seed { get; } = seed;
    public IReadOnlyList<long> Steps { get; } = steps;
    public Dictionary<SeriesKey, double[]> Series { get; } = [];
    public Func<TrainingConfig, TrainingConfig> Configure { get; set; } = c => c;

    public GptConfig Gpt => GptConfig.Presets.FirstOrDefault(p => p.Name == Model) ?? GptConfig.Parse(Model);

    public string ConfigJson => Configure(TrainingConfig.Paper(Gpt, steps: Math.Max(1, Steps[^1]), seed: Seed)).ToJson();

    public SyntheticRun Add(string name, string task, int level, int layer, double[] values)
    {
        if (values.Length != Steps.Count) throw new ArgumentException("series length must match the steps");
        Series[new SeriesKey(name, task, level, layer)] = values;
        return this;
    }

    public SyntheticRun Add(string name, string task, int level, int layer, Func<long, double> f) =>
        Add(name, task, level, layer, [.. Steps.Select(f)]);

    public SyntheticRun Accuracy(string task, int level, Func<long, double> f) => Add("accuracy", task, level, -1, f);

    public RunData Data() => new()
    {
        Source = $"synthetic:{Model}/{Seed}", Model = Model, Seed = Seed, Layers = Gpt.Layers,
        ConfigJson = ConfigJson, Steps = Steps, Series = Series, Label = Model,
    };

    /// <summary>Writes a run folder (DIR/run.db) with every checkpoint and metric; returns the folder.</summary>
    public string Write(string folder, bool includeCheckpoints = true, Dictionary<string, string?>? metaOverride = null)
    {
        var meta = new Dictionary<string, string> { ["config"] = ConfigJson, ["model"] = Model, ["seed"] = Seed.ToString() };
        if (metaOverride is not null)
            foreach (var (k, v) in metaOverride)
                if (v is null) meta.Remove(k); else meta[k] = v;
        using var store = RunStore.Create(new RunFolder(folder).StorePath, meta);
        for (int i = 0; i < Steps.Count; i++)
        {
            var rows = Series.Where(kv => !double.IsNaN(kv.Value[i]))
                .Select(kv => new MetricRow(Steps[i], kv.Key.Name, kv.Key.Task, kv.Key.Level, kv.Key.Layer, kv.Value[i])).ToList();
            if (includeCheckpoints) store.RecordCheckpoint(new CheckpointRow(Steps[i], 1.0, 1e-4, Steps[i] * 64, i), rows, [], []);
            else store.RecordMetrics(rows);
        }
        return folder;
    }

    public static IReadOnlyList<long> Uniform(int count, long every) => [.. Enumerable.Range(0, count).Select(i => i * every)];

    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
