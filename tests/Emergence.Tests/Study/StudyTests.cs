using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Emergence.Reporting.Browser;
using Emergence.Storage;
using Emergence.Tests.Support;

namespace Emergence.Tests.Study;

/// <summary>
/// The study command on the `smoke` preset (two seeds of nano, 60 steps, RankMe): the report is
/// written and opens in a browser; a killed study finishes on rerun with the same numbers and
/// without touching completed runs; shards gathered equal the whole study; bad input is named.
/// </summary>
[Trait(Category.Name, Category.Slow)]
public class StudyTests : IClassFixture<StudyTests.Reference>
{
    // One thread per run everywhere: the reference's two jobs share two threads, and results are
    // bit-identical only at equal thread counts.
    private static readonly string[] Smoke = ["study", "--preset", "smoke", "--seeds", "0,1"];
    private static readonly string[] OneThread = ["--threads", "1"];

    /// <summary>An uninterrupted study, run with two jobs in parallel child processes.</summary>
    public sealed class Reference : IDisposable
    {
        public TempDirectory Dir { get; } = new();
        public string Results { get; }

        public Reference()
        {
            var run = CliProcess.Run([.. Smoke, "--jobs", "2", "--threads", "2", "--out", Dir.Path]);
            Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
            Results = Normalised(Dir.Path);
        }

        public void Dispose() => Dir.Dispose();
    }

    private readonly Reference _reference;

    public StudyTests(Reference reference) => _reference = reference;

    /// <summary>results.json without what legitimately differs between folders: paths, timings, the program version, the provenance.</summary>
    internal static string Normalised(string studyPath)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(studyPath, "report", "results.json")))!;
        json.AsObject().Remove("program_version");
        json.AsObject().Remove("provenance");
        json["precursors"]!.AsObject().Remove("costs");
        foreach (var run in json["runs"]!.AsArray()) run!.AsObject().Remove("source");
        return json.ToJsonString();
    }

    private static string Hash(string file) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));

    [Fact]
    public void The_study_writes_a_report_that_opens_in_a_browser()
    {
        var report = Path.Combine(_reference.Dir.Path, "report");
        Assert.True(File.Exists(Path.Combine(report, "results.json")));
        Assert.True(File.Exists(Path.Combine(report, "tables.md")));
        Assert.Contains("Emergence steps", File.ReadAllText(Path.Combine(report, "tables.md")));
        Assert.True(File.Exists(Path.Combine(report, "figures", "fig1_emergence_map.png")));
        Assert.True(File.Exists(Path.Combine(report, "figures", "accuracy_nano.svg")));
        using (var store = RunStore.Open(Path.Combine(_reference.Dir.Path, "runs", "nano-s1", "run.db"), readOnly: true))
        {
            var measures = store.Meta("measures")!;
            Assert.Contains("rankme", measures);
            Assert.Contains("\"diagnostic_per_task_level\":10", measures);
            Assert.Equal("1", store.Meta("seed"));
            // What was computed is stored next to the values; the fixed-length embedding output is flagged, never NaN.
            Assert.Contains(store.Metrics("rankme_rows"), r => r.Task == "ADD" && r.Level == 0 && r.Value == 30);
            Assert.Contains(store.Metrics("rankme_degenerate"), r => r.Layer == 0 && r.Level >= 1);
            Assert.DoesNotContain(store.Metrics("rankme_degenerate"), r => r.Layer >= 1);
            Assert.DoesNotContain(store.Metrics(), r => double.IsNaN(r.Value) && r.Name.StartsWith("rankme", StringComparison.Ordinal));
        }
        var tables = File.ReadAllText(Path.Combine(report, "tables.md"));
        Assert.Contains("Measure settings", tables);
        Assert.Contains("| diagnostic_per_task_level | 10 |", tables);
        Assert.Contains("| representation | last_prompt |", tables);
        var html = File.ReadAllText(Path.Combine(report, "index.html"));
        Assert.Contains("show the lowest seed of each size (nano/s0)", html);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        if (HeadlessChromium.Find() is null && Environment.GetEnvironmentVariable("CI") != "true") return; // skipped only off CI
        using var shots = new TempDirectory();
        var check = HeadlessChromium.Check(Path.Combine(report, "index.html"), shots.Combine("page.png"));
        Assert.True(check.Passed, check.Log);
        Assert.True(check.ImageCount >= 5, $"{check.ImageCount} images");
    }

    [Fact]
    public void Regenerating_the_report_gives_the_same_numbers()
    {
        using var copy = new TempDirectory();
        CopyTree(_reference.Dir.Path, copy.Path);
        Directory.Delete(copy.Combine("report"), recursive: true);
        var db = copy.Combine("runs", "nano-s0", "run.db");
        var before = Hash(db);
        var report = CliProcess.Run(["report", copy.Path]);
        Assert.True(report.ExitCode == 0, report.Stderr);
        Assert.Equal(_reference.Results, Normalised(copy.Path));
        Assert.Equal(before, Hash(db));
    }

    [Fact]
    public void A_killed_study_finishes_on_rerun_with_the_same_numbers_without_recomputing_completed_runs()
    {
        using var dir = new TempDirectory();
        var first = Path.Combine(dir.Path, "runs", "nano-s0", "run.db");
        var second = Path.Combine(dir.Path, "runs", "nano-s1", "resume");
        using (var process = Process.Start(CliProcess.StartInfo([.. Smoke, .. OneThread, "--out", dir.Path]))!)
        {
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (!process.HasExited && DateTime.UtcNow < deadline && !(Directory.Exists(second) && Directory.EnumerateFiles(second, "*.state").Any()))
                Thread.Sleep(50);
            Assert.False(process.HasExited, "the study finished before it could be killed");
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        var completed = Hash(first);
        long? stepsOfSecond;
        using (var store = RunStore.Open(Path.Combine(dir.Path, "runs", "nano-s1", "run.db"), readOnly: true))
            stepsOfSecond = store.LastCheckpointStep();
        Assert.True(stepsOfSecond is null or < 60, $"the second run had reached step {stepsOfSecond}");

        var rerun = CliProcess.Run([.. Smoke, .. OneThread, "--out", dir.Path]);
        Assert.True(rerun.ExitCode == 0, rerun.Stdout + rerun.Stderr);
        Assert.Contains("nano-s0: complete", rerun.Stdout);
        Assert.Equal(completed, Hash(first));
        Assert.Equal(_reference.Results, Normalised(dir.Path));
    }

    [Fact]
    public void A_study_sent_SIGTERM_ends_its_runs_exits_with_130_and_finishes_on_rerun_with_the_same_numbers()
    {
        using var dir = new TempDirectory();
        var resume = Path.Combine(dir.Path, "runs", "nano-s1", "resume");
        var stopped = CliProcess.RunUntilTerminated([.. Smoke, "--jobs", "2", "--threads", "2", "--out", dir.Path],
            () => Directory.Exists(resume) && Directory.EnumerateFiles(resume, "*.state").Any());
        Assert.True(stopped.ExitCode == 130, $"exit code {stopped.ExitCode}: {stopped.Stdout}{stopped.Stderr}");
        Assert.Contains("stopping after this step; rerun the same command to continue (SIGTERM)", stopped.Stderr);
        Assert.Contains("stopped; rerun the same command to continue", stopped.Stdout);
        Assert.DoesNotContain("failed", stopped.Stdout);

        var rerun = CliProcess.Run([.. Smoke, "--jobs", "2", "--threads", "2", "--out", dir.Path]);
        Assert.True(rerun.ExitCode == 0, rerun.Stdout + rerun.Stderr);
        Assert.Equal(_reference.Results, Normalised(dir.Path));
    }

    [Fact]
    public void A_study_stopped_by_stop_at_keeps_every_run_at_that_checkpoint_and_finishes_on_rerun_with_the_same_numbers()
    {
        using var dir = new TempDirectory();
        var stopped = CliProcess.Run([.. Smoke, "--jobs", "2", "--threads", "2", "--out", dir.Path, "--stop-at", "30"]);
        Assert.True(stopped.ExitCode == 0, stopped.Stdout + stopped.Stderr);
        Assert.Contains("stopped at the first checkpoint at or after step 30, as --stop-at asked; rerun without it to continue", stopped.Stdout);
        foreach (var run in new[] { "nano-s0", "nano-s1" })
            using (var store = RunStore.Open(dir.Combine("runs", run, "run.db"), readOnly: true))
                Assert.Equal(30, store.LastCheckpointStep());
        Assert.False(File.Exists(dir.Combine("report", "results.json")));

        var rerun = CliProcess.Run([.. Smoke, "--jobs", "2", "--threads", "2", "--out", dir.Path]);
        Assert.True(rerun.ExitCode == 0, rerun.Stdout + rerun.Stderr);
        Assert.Equal(_reference.Results, Normalised(dir.Path));
    }

    [Fact]
    public void A_run_whose_process_dies_is_started_again_from_its_last_checkpoint_with_the_same_numbers()
    {
        using var dir = new TempDirectory();
        // Each child kills itself (SIGKILL) right after committing checkpoint 20; started again, it resumes there and never meets that point again.
        var run = CliProcess.Run([.. Smoke, "--jobs", "2", "--threads", "2", "--out", dir.Path], new Dictionary<string, string> { ["EMERGENCE_CRASH_AT"] = "after-commit:20" });
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains("[study] nano-s0 failed (exit code 137) with its last checkpoint at step 20; started again from there (restart 1)", run.Stdout);
        Assert.Contains("[study] nano-s1 failed (exit code 137) with its last checkpoint at step 20; started again from there (restart 1)", run.Stdout);
        Assert.Contains("runs started again after a failure: nano-s0 (1x), nano-s1 (1x)", run.Stdout);
        Assert.Equal(_reference.Results, Normalised(dir.Path));
    }

    [Fact]
    public void A_run_that_dies_twice_at_the_same_checkpoint_is_given_up_and_named()
    {
        using var dir = new TempDirectory();
        // Every attempt is killed before committing checkpoint 20: the runs never get past step 10.
        var run = CliProcess.Run([.. Smoke, "--jobs", "2", "--threads", "2", "--out", dir.Path], new Dictionary<string, string> { ["EMERGENCE_CRASH_AT"] = "before-commit:20" });
        CliProcess.AssertOneLineError(run, "Study runs failed: ");
        Assert.Contains("nano-s0 (exit code 137, its last checkpoint at step 10, after 1 restart(s))", run.Stderr);
        Assert.Contains("nano-s1 (exit code 137, its last checkpoint at step 10, after 1 restart(s))", run.Stderr);
        Assert.Equal(1, run.Stdout.Split("[study] nano-s0 failed (exit code 137) with its last checkpoint at step 10; started again from there (restart 1)").Length - 1);
        Assert.False(File.Exists(dir.Combine("report", "results.json")));
    }

    [Fact]
    public void Two_shards_gathered_give_the_same_numbers_as_the_whole_study()
    {
        using var dir = new TempDirectory();
        var one = CliProcess.Run([.. Smoke, .. OneThread, "--shard", "1/2", "--out", dir.Path]);
        Assert.True(one.ExitCode == 0, one.Stderr);
        Assert.Contains("--report-only", one.Stdout);
        Assert.False(File.Exists(Path.Combine(dir.Path, "report", "results.json")));
        File.Delete(dir.Combine("commands.jsonl")); // as in a folder made before the command log: it still resumes
        var two = CliProcess.Run([.. Smoke, .. OneThread, "--shard", "2/2", "--out", dir.Path]);
        Assert.True(two.ExitCode == 0, two.Stderr);
        var gather = CliProcess.Run(["study", "--report-only", dir.Path]);
        Assert.True(gather.ExitCode == 0, gather.Stderr);
        Assert.Equal(_reference.Results, Normalised(dir.Path));
        var results = JsonNode.Parse(File.ReadAllText(dir.Combine("report", "results.json")))!;
        Assert.False(results["report_status"]!["interim"]!.GetValue<bool>());
        var command = Assert.Single(results["provenance"]!["commands"]!.AsArray())!["command"]!.GetValue<string>();
        Assert.EndsWith("study --preset smoke --seeds 0,1 --threads 1 --shard 2/2 --out " + dir.Path, command);
        Assert.All(results["provenance"]!["runs"]!.AsArray(), run => Assert.Equal(Environment.ProcessorCount, run!["machine"]!["cpu_cores"]!.GetValue<int>()));
    }


    [Theory]
    [InlineData("--preset", "huge", "Unknown preset 'huge'")]
    [InlineData("--sizes", "nano,giant", "Unknown model 'giant'")]
    [InlineData("--seeds", "0,x", "Bad --seeds '0,x'")]
    [InlineData("--seeds", "1,1", "Seeds repeat")]
    [InlineData("--shard", "3/2", "Bad --shard '3/2'")]
    [InlineData("--jobs", "0", "--jobs 0 is out of range (allowed: 1 to 256)")]
    [InlineData("--partition", "debug", "--partition is an option of --slurm; add --slurm")]
    public void Bad_study_options_are_named(string option, string value, string expected)
    {
        using var dir = new TempDirectory();
        var args = new List<string> { "study", "--preset", "smoke", "--out", dir.Combine("s") };
        int existing = args.IndexOf(option);
        if (existing >= 0) args[existing + 1] = value; else args.AddRange([option, value]);
        CliProcess.AssertOneLineError(CliProcess.Run(args), expected);
        Assert.False(Directory.Exists(dir.Combine("s")));
    }

    [Fact]
    public void A_study_folder_of_another_configuration_is_refused_naming_the_difference()
    {
        using var copy = new TempDirectory();
        CopyTree(_reference.Dir.Path, copy.Path);
        var before = Hash(copy.Combine("study.json"));
        CliProcess.AssertOneLineError(CliProcess.Run(["study", "--preset", "smoke", "--seeds", "0,2", "--out", copy.Path]),
            "was created with a different configuration: runs[1]");
        CliProcess.AssertOneLineError(CliProcess.Run(["study", "--preset", "quick", "--out", copy.Path]), "preset: stored \"smoke\", requested \"quick\"");
        Assert.Equal(before, Hash(copy.Combine("study.json")));
    }

    [Fact]
    public void Reporting_an_incomplete_study_or_a_folder_that_is_not_a_study_is_refused()
    {
        using var dir = new TempDirectory();
        CliProcess.AssertOneLineError(CliProcess.Run(["report", dir.Path]), "No study.json");
        var partial = CliProcess.Run([.. Smoke, "--shard", "1/2", "--out", dir.Combine("s")]);
        Assert.True(partial.ExitCode == 0, partial.Stderr);
        CliProcess.AssertOneLineError(CliProcess.Run(["study", "--report-only", dir.Combine("s")]), "1 of 2 run(s) incomplete (nano-s1: not started)");
        var interim = CliProcess.Run(["study", "--report-only", dir.Combine("s"), "--interim"]);
        Assert.True(interim.ExitCode == 0, interim.Stderr);
        Assert.StartsWith("Runs not complete (nano-s0: complete; nano-s1: not started)", interim.Stdout);
        Assert.Contains("> **INTERIM REPORT.** Runs not complete", File.ReadAllText(dir.Combine("s", "report", "tables.md")));
        Assert.Contains("<strong>INTERIM REPORT.</strong>", File.ReadAllText(dir.Combine("s", "report", "index.html")));
        Assert.Contains("\"interim\": true", File.ReadAllText(dir.Combine("s", "report", "results.json")));
        File.WriteAllText(dir.Combine("file"), "x");
        CliProcess.AssertOneLineError(CliProcess.Run([.. Smoke, "--out", dir.Combine("file")]), "is a file; choose a folder");
        CliProcess.AssertOneLineError(CliProcess.Run([.. Smoke, "--out", "/proc/emergence-study"]), "Cannot write the study folder /proc/emergence-study");
    }

    [Fact]
    public void A_full_disk_stops_the_study_with_one_line_and_what_was_stored_stays_whole()
    {
        using var dir = new TempDirectory();
        var small = dir.Combine("small");
        Directory.CreateDirectory(small);
        // An 8 MB file system: the first checkpoint's trainer state (4.9 MB) fits, the second does not.
        if (!Mount.Tmpfs(small, "8m")) return; // needs root with mount rights; not a failure elsewhere
        try
        {
            var full = CliProcess.Run([.. Smoke, .. OneThread, "--out", Path.Combine(small, "s")]);
            CliProcess.AssertOneLineError(full, "No space left on device");
            CopyTree(Path.Combine(small, "s"), dir.Combine("copy"));
        }
        finally
        {
            Mount.Unmount(small);
        }
        Assert.DoesNotContain(Directory.EnumerateFiles(dir.Combine("copy"), "*", SearchOption.AllDirectories), f => f.EndsWith(".tmp"));
        var finish = CliProcess.Run([.. Smoke, .. OneThread, "--out", dir.Combine("copy")]);
        Assert.True(finish.ExitCode == 0, finish.Stderr);
        Assert.Equal(_reference.Results, Normalised(dir.Combine("copy")));
    }

    private static class Mount
    {
        public static bool Tmpfs(string path, string size) => Run("mount", "-t", "tmpfs", "-o", $"size={size}", "tmpfs", path);
        public static void Unmount(string path) => Run("umount", path);

        private static bool Run(string program, params string[] args)
        {
            try
            {
                var info = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
                foreach (var a in args) info.ArgumentList.Add(a);
                using var process = Process.Start(info)!;
                process.WaitForExit();
                return process.ExitCode == 0;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return false;
            }
        }
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
