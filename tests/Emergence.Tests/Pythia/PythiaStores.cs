using Emergence.Storage;

namespace Emergence.Tests.Pythia;

/// <summary>Builds Pythia run stores (meta kind = pythia) with chosen series, for the analysis tests.</summary>
public sealed class PythiaStore(string modelName, IReadOnlyList<long> steps)
{
    public IReadOnlyList<long> Steps { get; } = steps;
    private readonly List<MetricRow> _rows = [];
    private readonly Dictionary<long, long> _duplicates = [];

    /// <summary>The hosted schedule: 0, 1, 2, 4, ..., 512, then every 1,000 to 143,000 (154 checkpoints).</summary>
    public static IReadOnlyList<long> HostedSteps { get; } =
        [0, .. Enumerable.Range(0, 10).Select(i => 1L << i), .. Enumerable.Range(1, 143).Select(i => i * 1000L)];

    public static double U(long step) => Math.Log10(step + 1.0);

    public PythiaStore RankMe(string probe, int layer, Func<long, double> f)
    {
        _rows.AddRange(Steps.Select(s => new MetricRow(s, "rankme", probe, 0, layer, f(s))));
        return this;
    }

    public PythiaStore Behaviour(string name, string probe, Func<long, double> f)
    {
        _rows.AddRange(Steps.Select(s => new MetricRow(s, name, probe, 0, MetricRow.NoLayer, f(s))));
        return this;
    }

    /// <summary>A whole-model series (task '').</summary>
    public PythiaStore Global(string name, Func<long, double> f, int level = 0, int layer = MetricRow.NoLayer)
    {
        _rows.AddRange(Steps.Select(s => new MetricRow(s, name, "", level, layer, f(s))));
        return this;
    }

    public PythiaStore Duplicate(long step, long of)
    {
        _duplicates[step] = of;
        return this;
    }

    /// <summary>Writes FOLDER/run.db; returns the folder.</summary>
    public string Write(string folder, string? kind = "pythia")
    {
        var meta = new Dictionary<string, string> { ["model_dir"] = "/models/" + modelName, ["model"] = $"gpt_neox test {modelName}" };
        if (kind is not null) meta["kind"] = kind;
        using var store = RunStore.Create(new RunFolder(folder).StorePath, meta);
        foreach (var step in Steps)
        {
            var rows = _rows.Where(r => r.Step == step).ToList();
            if (_duplicates.TryGetValue(step, out var of)) rows.Add(new MetricRow(step, "duplicate_of", "", 0, MetricRow.NoLayer, of));
            store.RecordCheckpoint(new CheckpointRow(step, double.NaN, 0, step * 2_097_152, 1), rows, [], []);
        }
        return folder;
    }
}
