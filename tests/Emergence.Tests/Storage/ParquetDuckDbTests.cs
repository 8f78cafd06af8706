using DuckDB.NET.Data;
using Emergence.Storage;
using Emergence.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Emergence.Tests.Storage;

/// <summary>
/// The Parquet export read back by an independent engine (DuckDB's own Parquet reader): every
/// table's row count, column names and types, and its values compared with the SQLite store
/// read by plain SQL (not through <see cref="RunStore"/>).
/// </summary>
public class ParquetDuckDbTests
{
    private static readonly string[] Tasks = ["ADD", "COPY", "REV"];

    /// <summary>A store with 4 checkpoints, metrics with a NaN and an infinity, 37 items per task-level, step losses.</summary>
    private static string MakeStore(TempDirectory dir)
    {
        var path = dir.Combine("run", "run.db");
        using var store = RunStore.Create(path, new Dictionary<string, string> { ["model"] = "nano", ["seed"] = "3" });
        var random = new Random(7);
        foreach (long step in new long[] { 0, 100, 200, 300 })
        {
            var metrics = Tasks.SelectMany(t => Enumerable.Range(1, 3).Select(l => new MetricRow(step, MetricNames.Accuracy, t, l, -1, random.NextDouble())))
                .Concat(Enumerable.Range(0, 3).Select(layer => new MetricRow(step, "rankme", "", 0, layer, 10 * random.NextDouble())))
                .Append(new MetricRow(step, "llc", "", 0, -1, step == 200 ? double.NaN : step == 300 ? double.PositiveInfinity : random.NextDouble()));
            var items = Tasks.SelectMany(t => Enumerable.Range(1, 3).Select(l =>
                new ItemCorrectness(step, t, l, [.. Enumerable.Range(0, 37).Select(_ => random.Next(2) == 1)])));
            var losses = step == 0 ? [] : Enumerable.Range(1, 100).Select(k => new StepLoss(step - 100 + k, 3.0 / (step + k), 3e-4 * k / 100));
            store.RecordCheckpoint(new CheckpointRow(step, step == 0 ? double.NaN : 3.0 / step, step * 1e-6, step * 640, 0.25 + step), metrics, items, losses);
        }
        return path;
    }

    private static (string Path, string Store) Export(TempDirectory dir)
    {
        var storePath = MakeStore(dir);
        using var store = RunStore.Open(storePath, readOnly: true);
        RunExporter.Export(store, dir.Combine("pq"), "parquet");
        return (dir.Combine("pq"), storePath);
    }

    private static List<object?[]> DuckRows(DuckDBConnection duck, string sql) => Rows(duck, sql);

    private static List<object?[]> SqliteRows(string storePath, string sql)
    {
        using var sqlite = new SqliteConnection($"Data Source={storePath};Mode=ReadOnly;Pooling=False");
        sqlite.Open();
        return Rows(sqlite, sql);
    }

    private static List<object?[]> Rows(System.Data.Common.DbConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        using var reader = cmd.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i))]);
        return rows;
    }

    private static DuckDBConnection OpenDuck()
    {
        var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        return duck;
    }

    private static string Table(string folder, string name) => $"read_parquet('{Path.Combine(folder, name + ".parquet")}')";

    [Theory]
    [InlineData("checkpoints", "step BIGINT, train_loss DOUBLE, learning_rate DOUBLE, tokens_seen BIGINT, wall_seconds DOUBLE")]
    [InlineData("metrics", "step BIGINT, name VARCHAR, task VARCHAR, level INTEGER, layer INTEGER, value DOUBLE")]
    [InlineData("items", "step BIGINT, task VARCHAR, level INTEGER, item INTEGER, correct BOOLEAN")]
    [InlineData("step_losses", "step BIGINT, loss DOUBLE, learning_rate DOUBLE")]
    [InlineData("non_finite", "step BIGINT, name VARCHAR, task VARCHAR, level INTEGER, layer INTEGER, value VARCHAR")]
    [InlineData("meta", "key VARCHAR, value VARCHAR")]
    public void Duckdb_reads_each_table_with_its_column_names_and_types(string table, string expected)
    {
        using var dir = new TempDirectory();
        var (folder, _) = Export(dir);
        using var duck = OpenDuck();
        var columns = DuckRows(duck, $"DESCRIBE SELECT * FROM {Table(folder, table)}");
        var described = string.Join(", ", columns.Select(c => $"{c[0]} {c[1]}"));
        Assert.Equal(expected, described);
    }

    [Fact]
    public void Duckdb_row_counts_match_the_store()
    {
        using var dir = new TempDirectory();
        var (folder, storePath) = Export(dir);
        using var duck = OpenDuck();
        long Count(string table) => Convert.ToInt64(DuckRows(duck, $"SELECT COUNT(*) FROM {Table(folder, table)}")[0][0]);
        long Sqlite(string sql) => Convert.ToInt64(SqliteRows(storePath, sql)[0][0]);
        Assert.Equal(4, Count("checkpoints"));
        Assert.Equal(Sqlite("SELECT COUNT(*) FROM checkpoints"), Count("checkpoints"));
        Assert.Equal(4 * (9 + 3 + 1), Count("metrics"));
        Assert.Equal(Sqlite("SELECT COUNT(*) FROM metrics"), Count("metrics"));
        Assert.Equal(4 * 9 * 37, Count("items"));
        Assert.Equal(Sqlite("SELECT SUM(n) FROM item_correctness"), Count("items"));
        Assert.Equal(300, Count("step_losses"));
        Assert.Equal(Sqlite("SELECT COUNT(*) FROM step_losses"), Count("step_losses"));
        Assert.Equal(2, Count("non_finite"));
        Assert.Equal(Sqlite("SELECT COUNT(*) FROM meta"), Count("meta"));
    }

    [Fact]
    public void Duckdb_values_match_the_store()
    {
        using var dir = new TempDirectory();
        var (folder, storePath) = Export(dir);
        using var duck = OpenDuck();

        var metrics = DuckRows(duck, $"SELECT step, name, task, level, layer, value FROM {Table(folder, "metrics")} ORDER BY step, name, task, level, layer");
        var stored = SqliteRows(storePath, "SELECT step, name, task, level, layer, value FROM metrics ORDER BY step, name, task, level, layer");
        Assert.Equal(stored.Count, metrics.Count);
        for (int i = 0; i < stored.Count; i++)
        {
            Assert.Equal((long)stored[i][0]!, Convert.ToInt64(metrics[i][0]));
            Assert.Equal(((string)stored[i][1]!, (string)stored[i][2]!), ((string)metrics[i][1]!, (string)metrics[i][2]!));
            Assert.Equal(((long)stored[i][3]!, (long)stored[i][4]!), (Convert.ToInt64(metrics[i][3]), Convert.ToInt64(metrics[i][4])));
            Assert.Equal(stored[i][5] as double?, metrics[i][5] as double?); // bit-exact doubles; NULL stays NULL
        }
        Assert.Equal(2, metrics.Count(m => m[5] is null)); // the NaN and the infinity

        var flagged = DuckRows(duck, $"SELECT step, name, value FROM {Table(folder, "non_finite")} ORDER BY step");
        Assert.Equal([200L, 300L], flagged.Select(f => Convert.ToInt64(f[0])));
        Assert.Equal(["NaN", "Infinity"], flagged.Select(f => (string)f[2]!));

        var checkpoint = DuckRows(duck, $"SELECT train_loss, learning_rate, tokens_seen, wall_seconds FROM {Table(folder, "checkpoints")} ORDER BY step");
        Assert.Null(checkpoint[0][0]); // no training loss at initialisation: NULL, not 0 or NaN
        var storedCheckpoint = SqliteRows(storePath, "SELECT train_loss, lr, tokens_seen, wall_seconds FROM checkpoints ORDER BY step");
        Assert.Equal((double)storedCheckpoint[2][0]!, (double)checkpoint[2][0]!);
        Assert.Equal(200 * 640L, Convert.ToInt64(checkpoint[2][2]));
        Assert.Equal((double)storedCheckpoint[3][3]!, (double)checkpoint[3][3]!);

        var losses = DuckRows(duck, $"SELECT step, loss, learning_rate FROM {Table(folder, "step_losses")} WHERE step IN (1, 150, 300) ORDER BY step");
        var storedLosses = SqliteRows(storePath, "SELECT step, loss, lr FROM step_losses WHERE step IN (1, 150, 300) ORDER BY step");
        Assert.Equal(storedLosses.Select(r => ((long)r[0]!, (double)r[1]!, (double)r[2]!)),
            losses.Select(r => (Convert.ToInt64(r[0]), (double)r[1]!, (double)r[2]!)));

        // items: DuckDB's per-task-level correct counts against the popcount of the stored bit blobs
        var counts = DuckRows(duck, $"SELECT step, task, level, CAST(COUNT_IF(correct) AS BIGINT), COUNT(*), MAX(item) FROM {Table(folder, "items")} GROUP BY step, task, level ORDER BY step, task, level");
        var blobs = SqliteRows(storePath, "SELECT step, task, level, n, bits FROM item_correctness ORDER BY step, task, level");
        Assert.Equal(blobs.Count, counts.Count);
        for (int i = 0; i < blobs.Count; i++)
        {
            int popcount = ((byte[])blobs[i][4]!).Sum(b => System.Numerics.BitOperations.PopCount(b));
            Assert.Equal((long)blobs[i][0]!, Convert.ToInt64(counts[i][0]));
            Assert.Equal((string)blobs[i][1]!, (string)counts[i][1]!);
            Assert.Equal(popcount, Convert.ToInt64(counts[i][3]));
            Assert.Equal((long)blobs[i][3]!, Convert.ToInt64(counts[i][4]));
            Assert.Equal(36, Convert.ToInt64(counts[i][5]));
        }
        var firstBits = (byte[])blobs[0][4]!;
        var firstItems = DuckRows(duck, $"SELECT correct FROM {Table(folder, "items")} WHERE step = 0 AND task = 'ADD' AND level = 1 ORDER BY item");
        Assert.Equal(Enumerable.Range(0, 37).Select(k => (firstBits[k >> 3] >> (k & 7) & 1) == 1), firstItems.Select(r => (bool)r[0]!));

        var meta = DuckRows(duck, $"SELECT value FROM {Table(folder, "meta")} WHERE key = 'seed'");
        Assert.Equal("3", (string)Assert.Single(meta)[0]!);
    }
}
