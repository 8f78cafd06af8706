using Emergence.Storage;
using Emergence.Tests.Support;
using System.Text.Json.Serialization;
using Parquet.Serialization;

namespace Emergence.Tests.Storage;

public class ExportTests
{
    private static string MakeStore(TempDirectory dir)
    {
        var path = dir.Combine("run", "run.db");
        using var store = RunStore.Create(path, new Dictionary<string, string> { ["model"] = "nano", ["seed"] = "0" });
        store.RecordCheckpoint(new CheckpointRow(0, double.NaN, 0, 0, 0.5),
            [new MetricRow(0, "accuracy", "ADD", 1, -1, 0.25), new MetricRow(0, "rankme", "ADD", 0, 2, 3.5)],
            [new ItemCorrectness(0, "ADD", 1, [true, false, true])], []);
        store.RecordCheckpoint(new CheckpointRow(10, 1.5, 3e-4, 640, 1.0),
            [new MetricRow(10, "accuracy", "ADD", 1, -1, 0.75)],
            [new ItemCorrectness(10, "ADD", 1, [true, true, true])],
            [new StepLoss(9, 1.6, 2.7e-4), new StepLoss(10, 1.5, 3e-4)]);
        return path;
    }

    [Fact]
    public void Item_bits_round_trip()
    {
        var correct = Enumerable.Range(0, 1000).Select(i => i % 3 == 0 || i % 7 == 1).ToArray();
        var packed = new ItemCorrectness(0, "ADD", 1, correct).Pack();
        Assert.Equal(125, packed.Length);
        Assert.Equal(correct, ItemCorrectness.Unpack(packed, 1000));
    }

    [Fact]
    public void Csv_export_writes_tidy_tables()
    {
        using var dir = new TempDirectory();
        using var store = RunStore.Open(MakeStore(dir), readOnly: true);
        RunExporter.Export(store, dir.Combine("csv"), "csv");
        var metrics = File.ReadAllLines(dir.Combine("csv", "metrics.csv"));
        Assert.Equal("step,name,task,level,layer,value", metrics[0]);
        Assert.Contains("0,rankme,ADD,0,2,3.5", metrics);
        Assert.Equal(4, metrics.Length);
        var items = File.ReadAllLines(dir.Combine("csv", "items.csv"));
        Assert.Equal("step,task,level,item,correct", items[0]);
        Assert.Equal(["0,ADD,1,0,1", "0,ADD,1,1,0", "0,ADD,1,2,1"], items[1..4]);
        var checkpoints = File.ReadAllLines(dir.Combine("csv", "checkpoints.csv"));
        Assert.Equal("0,,0,0,0.5", checkpoints[1]); // no training loss at initialisation: empty, not zero
        Assert.Equal(3, File.ReadAllLines(dir.Combine("csv", "step_losses.csv")).Length);
    }

    [Fact]
    public async Task Parquet_export_reads_back()
    {
        using var dir = new TempDirectory();
        using var store = RunStore.Open(MakeStore(dir), readOnly: true);
        RunExporter.Export(store, dir.Combine("pq"), "parquet");
        await using var file = File.OpenRead(dir.Combine("pq", "metrics.parquet"));
        var rows = (await ParquetSerializer.DeserializeAsync<MetricParquet>(file)).Data;
        Assert.Equal(3, rows.Count);
        Assert.Contains(rows, r => r.Name == "rankme" && r.Layer == 2 && r.Value == 3.5);
    }

    [Fact]
    public void Every_table_is_guarded_against_overwriting_the_non_finite_one_too()
    {
        using var dir = new TempDirectory();
        using var store = RunStore.Open(MakeStore(dir), readOnly: true);
        Directory.CreateDirectory(dir.Combine("out"));
        File.WriteAllText(dir.Combine("out", "non_finite.parquet"), "mine");
        var error = Assert.Throws<ArgumentException>(() => RunExporter.Export(store, dir.Combine("out"), "parquet"));
        Assert.Contains("already holds non_finite.parquet", error.Message);
        Assert.Equal("mine", File.ReadAllText(dir.Combine("out", "non_finite.parquet")));
        Assert.Equal(["checkpoints", "metrics", "items", "step_losses", "non_finite", "meta"], RunExporter.TableNames);
    }

    public sealed class MetricParquet
    {
        [JsonPropertyName("step")] public long Step { get; set; }
        [JsonPropertyName("name")] public string Name { get; set; } = "";
        [JsonPropertyName("task")] public string Task { get; set; } = "";
        [JsonPropertyName("level")] public int Level { get; set; }
        [JsonPropertyName("layer")] public int Layer { get; set; }
        [JsonPropertyName("value")] public double? Value { get; set; }
    }
}
