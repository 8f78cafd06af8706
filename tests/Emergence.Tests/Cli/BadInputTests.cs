using System.Security.Cryptography;
using Emergence.Tests.Support;

namespace Emergence.Tests.Cli;

/// <summary>Bad input: one line on stderr naming the problem, a non-zero exit, nothing overwritten.</summary>
[Trait(Category.Name, Category.Slow)]
public partial class BadInputTests : IClassFixture<BadInputTests.ExistingRun>
{
    private static readonly string[] Quick = ["--steps", "20", "--checkpoint-every", "10", "--eval-per-task-level", "5", "--threads", "1"];

    public sealed class ExistingRun : IDisposable
    {
        public TempDirectory Dir { get; } = new();

        public ExistingRun()
        {
            var run = CliProcess.Run(["train", .. Quick, "--out", Dir.Path]);
            Assert.True(run.ExitCode == 0, run.Stderr);
        }

        public void Dispose() => Dir.Dispose();
    }

    private readonly ExistingRun _run;

    public BadInputTests(ExistingRun run) => _run = run;


    /// <summary>SHA-256 of every file under <paramref name="path"/> but the lock files, which hold only the last writer's process id.</summary>
    internal static Dictionary<string, string> Hashes(string path) =>
        Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) is not ("run.lock" or "study.lock"))
            .ToDictionary(f => Path.GetRelativePath(path, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    /// <summary>
    /// Every file that existed is byte for byte the same; the only new files allowed are SQLite's
    /// shared-memory and write-ahead sidecars, which a read-only look at a WAL store may leave.
    /// </summary>
    internal static void AssertUntouched(Dictionary<string, string> before, string path)
    {
        var after = Hashes(path);
        foreach (var (file, hash) in before)
            Assert.True(after.TryGetValue(file, out var now) && now == hash, $"{file} was changed or removed");
        Assert.All(after.Keys.Except(before.Keys), file => Assert.True(file.EndsWith("-shm") || file.EndsWith("-wal"), $"new file {file}"));
    }

    internal static string Copy(string from, TempDirectory to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = to.Combine(Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return to.Path;
    }

    [Fact]
    public void A_folder_holding_a_run_is_refused_without_resume_and_left_intact()
    {
        var before = Hashes(_run.Dir.Path);
        CliProcess.AssertOneLineError(CliProcess.Run(["train", .. Quick, "--out", _run.Dir.Path]), "already holds a run; pass --resume");
        AssertUntouched(before, _run.Dir.Path);
    }

    [Fact]
    public void Resuming_with_another_configuration_is_refused_naming_the_difference()
    {
        using var copy = new TempDirectory();
        var path = Copy(_run.Dir.Path, copy);
        var before = Hashes(path);
        CliProcess.AssertOneLineError(CliProcess.Run(["train", .. Quick, "--seed", "3", "--out", path, "--resume"]),
            "seed: stored 0, requested 3");
        AssertUntouched(before, path);
    }

    [Fact]
    public void Resuming_with_other_measures_is_refused()
    {
        using var copy = new TempDirectory();
        var path = Copy(_run.Dir.Path, copy);
        var before = Hashes(path);
        CliProcess.AssertOneLineError(CliProcess.Run(["train", .. Quick, "--out", path, "--resume", "--measures", "rankme"]),
            "with different measures: stored none, requested {\"selection\":");
        AssertUntouched(before, path);
    }

    [Fact]
    public void A_non_empty_folder_without_a_run_is_refused()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("notes.txt"), "mine");
        CliProcess.AssertOneLineError(CliProcess.Run(["train", .. Quick, "--out", dir.Path]), "is not empty and holds no run");
        Assert.Equal("mine", File.ReadAllText(dir.Combine("notes.txt")));
        Assert.Single(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public void A_truncated_store_is_reported_and_not_touched()
    {
        using var copy = new TempDirectory();
        var path = Copy(_run.Dir.Path, copy);
        var db = Path.Combine(path, "run.db");
        var bytes = File.ReadAllBytes(db);
        File.WriteAllBytes(db, bytes[..10]);
        var before = Hashes(path);
        CliProcess.AssertOneLineError(CliProcess.Run(["train", .. Quick, "--out", path, "--resume"]), "is not an SQLite file");
        AssertUntouched(before, path);
        CliProcess.AssertOneLineError(CliProcess.Run(["export", path, "--out", copy.Combine("tables")]), "is not an SQLite file");
    }

    [Fact]
    public void A_store_with_a_damaged_page_is_reported_and_not_touched()
    {
        using var copy = new TempDirectory();
        var path = Copy(_run.Dir.Path, copy);
        var db = Path.Combine(path, "run.db");
        var bytes = File.ReadAllBytes(db);
        for (int page = 4096; page < bytes.Length; page += 4096)   // scribble over every b-tree page header after the first
            for (int i = page; i < page + 8; i++) bytes[i] = 0xA5;
        File.WriteAllBytes(db, bytes);
        var before = Hashes(path);
        var result = CliProcess.Run(["train", .. Quick, "--out", path, "--resume"]);
        CliProcess.AssertOneLineError(result, "Run store");
        AssertUntouched(before, path);
    }

    [Fact]
    public void A_corrupt_trainer_state_is_reported_and_not_touched()
    {
        using var copy = new TempDirectory();
        var path = Copy(_run.Dir.Path, copy);
        var state = Directory.GetFiles(Path.Combine(path, "resume"), "*.state").Single();
        var bytes = File.ReadAllBytes(state);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(state, bytes);
        var before = Hashes(path);
        CliProcess.AssertOneLineError(CliProcess.Run(["train", .. Quick, "--out", path, "--resume"]), "is corrupt (checksum mismatch)");
        AssertUntouched(before, path);
    }

    [Fact]
    public void Resuming_a_folder_without_a_run_is_refused_and_nothing_is_created()
    {
        using var dir = new TempDirectory();
        CliProcess.AssertOneLineError(CliProcess.Run(["train", .. Quick, "--resume", "--out", dir.Combine("missing")]), "holds no run (no run.db); drop --resume");
        Assert.False(Directory.Exists(dir.Combine("missing")));
        File.WriteAllText(dir.Combine("notes.txt"), "mine");
        var before = Hashes(dir.Path);
        CliProcess.AssertOneLineError(CliProcess.Run(["train", .. Quick, "--resume", "--out", dir.Path]), "holds no run (no run.db) and is not empty");
        Assert.Equal(before, Hashes(dir.Path));
        Assert.Single(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public void Resuming_with_another_thread_count_is_refused_unless_forced_and_then_recorded()
    {
        using var copy = new TempDirectory();
        var path = Copy(_run.Dir.Path, copy);
        var before = Hashes(path);
        string[] twoThreads = ["train", "--steps", "20", "--checkpoint-every", "10", "--eval-per-task-level", "5", "--threads", "2", "--out", path, "--resume"];
        var refused = CliProcess.Run(twoThreads);
        CliProcess.AssertOneLineError(refused, "with --threads 2: the run was trained with 1 threads");
        Assert.Equal(2, refused.ExitCode);
        AssertUntouched(before, path);

        var forced = CliProcess.Run([.. twoThreads, "--force-threads"]);
        Assert.True(forced.ExitCode == 0, forced.Stderr);
        using var store = Emergence.Storage.RunStore.Open(Path.Combine(path, "run.db"), readOnly: true);
        Assert.Equal("2", store.Meta("threads"));
        Assert.Equal("step 20: 1 -> 2", store.Meta("thread_changes"));
    }

    [Fact]
    public void Export_refuses_to_overwrite_tables_without_force()
    {
        using var dir = new TempDirectory();
        var tables = dir.Combine("tables");
        Directory.CreateDirectory(tables);
        File.WriteAllText(Path.Combine(tables, "metrics.csv"), "mine");
        var before = Hashes(tables);
        var refused = CliProcess.Run(["export", _run.Dir.Path, "--out", tables]);
        CliProcess.AssertOneLineError(refused, "already holds metrics.csv; pass --force to overwrite");
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal(before, Hashes(tables));
        var forced = CliProcess.Run(["export", _run.Dir.Path, "--out", tables, "--force"]);
        Assert.True(forced.ExitCode == 0, forced.Stderr);
        Assert.StartsWith("step,name,", File.ReadAllText(Path.Combine(tables, "metrics.csv")));
        CliProcess.AssertOneLineError(CliProcess.Run(["export", _run.Dir.Path, "--out", ""]), "--out '' is empty (expected a folder path)");
    }

    [Fact]
    public void Export_of_a_missing_run_and_an_unknown_format_are_named()
    {
        using var dir = new TempDirectory();
        CliProcess.AssertOneLineError(CliProcess.Run(["export", dir.Combine("nothing"), "--out", dir.Combine("t")]), "No run store at");
        CliProcess.AssertOneLineError(CliProcess.Run(["export", _run.Dir.Path, "--format", "xlsx", "--out", dir.Combine("t")]), "Unknown export format 'xlsx'");
    }
}
