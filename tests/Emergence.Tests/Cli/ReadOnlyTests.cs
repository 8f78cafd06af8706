using System.Security.Cryptography;
using Emergence.Storage;
using Emergence.Tests.Pythia;
using Emergence.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Emergence.Tests.Cli;

/// <summary>
/// A read must not write: every command that only reads a store leaves its folder byte for byte
/// as it was, with no SQLite sidecar files, and a foreign SQLite file refused by `measure` is unchanged.
/// </summary>
public sealed class ReadOnlyTests : IClassFixture<ReadOnlyTests.Runs>
{
    public sealed class Runs : IDisposable
    {
        public TempDirectory Dir { get; } = new();
        public string Training => Dir.Combine("train");
        public string Pythia => Dir.Combine("pythia");

        public Runs()
        {
            var run = CliProcess.Run(["train", "--steps", "20", "--checkpoint-every", "10", "--eval-per-task-level", "5", "--threads", "1",
                "--tasks", "COPY_L1,REV_L1", "--out", Training]);
            Assert.True(run.ExitCode == 0, run.Stderr);
            var steps = PythiaStore.HostedSteps.Take(12).ToList();
            var store = new PythiaStore("pythia-ro", steps);
            for (int layer = 0; layer <= 2; layer++) store.RankMe("arithmetic", layer, s => 10 - layer - PythiaStore.U(s));
            store.Behaviour("accuracy", "arithmetic", s => s == 4 ? double.NaN : PythiaStore.U(s) / 4).Write(Pythia);
        }

        public void Dispose() => Dir.Dispose();
    }

    private readonly Runs _runs;

    public ReadOnlyTests(Runs runs) => _runs = runs;

    private static SortedDictionary<string, string> Snapshot(string folder) =>
        new(Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(folder, f), f => File.Exists(f) ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))) : "folder"));

    private static CliProcess.Result AssertReadOnly(string folder, string[] args)
    {
        var before = Snapshot(folder);
        var result = CliProcess.Run(args);
        Assert.Equal(before, Snapshot(folder)); // same listing (no -wal, no -shm) and same bytes
        return result;
    }

    [Fact]
    public void Export_analyze_and_pythia_analyze_change_no_file()
    {
        using var outputs = new TempDirectory();
        var export = AssertReadOnly(_runs.Training, ["export", _runs.Training, "--format", "csv", "--out", outputs.Combine("csv")]);
        Assert.True(export.ExitCode == 0, export.Stderr);
        Assert.Equal(["step,name,task,level,layer,value"], File.ReadAllLines(outputs.Combine("csv", "non_finite.csv")));
        var analyze = AssertReadOnly(_runs.Training, ["analyze", _runs.Training, "--out", outputs.Combine("analysis")]);
        Assert.True(analyze.ExitCode == 0, analyze.Stderr);
        var pythia = AssertReadOnly(_runs.Pythia, ["pythia-analyze", _runs.Pythia, "--out", outputs.Combine("pythia")]);
        Assert.True(pythia.ExitCode == 0, pythia.Stderr);
        var tables = File.ReadAllText(outputs.Combine("pythia", "tables.md"));
        Assert.Contains("**Warning:** pythia-ro has 1 value(s) that came out NaN or infinite", tables);
        Assert.Contains("accuracy arithmetic at step 4 is NaN", tables);
    }

    [Fact]
    public void A_measure_refusing_a_foreign_sqlite_file_changes_nothing()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("run.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE t(x); INSERT INTO t VALUES (1);";
            create.ExecuteNonQuery();
        }
        var before = Snapshot(dir.Path);
        Assert.Equal(1, File.ReadAllBytes(path)[18]); // rollback journal (WAL would be 2)
        CliProcess.AssertOneLineError(CliProcess.Run(["measure", dir.Path]), "is corrupt or not a run store");
        Assert.Equal(before, Snapshot(dir.Path));
    }

    [Fact]
    public void A_store_being_written_is_read_through_the_writers_wal_without_new_files()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("run.db");
        using var writer = RunStore.Create(path, new Dictionary<string, string> { ["model"] = "nano" });
        writer.RecordCheckpoint(new CheckpointRow(0, double.NaN, 0, 0, 0), [new MetricRow(0, "accuracy", "COPY", 1, -1, 0.25)], [], []);
        Assert.True(File.Exists(path + "-wal"));
        var before = Directory.EnumerateFiles(dir.Path).Order().ToList();
        using (var reader = RunStore.Open(path, readOnly: true))
            Assert.Equal(0.25, reader.Metrics("accuracy").Single().Value);
        writer.RecordCheckpoint(new CheckpointRow(10, 1.5, 1e-3, 100, 1), [], [], []);
        using (var reader = RunStore.Open(path, readOnly: true))
            Assert.Equal([0L, 10L], reader.Checkpoints().Select(c => c.Step));
        Assert.Equal(before, Directory.EnumerateFiles(dir.Path).Order());
    }
}
