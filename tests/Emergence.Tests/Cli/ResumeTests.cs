using System.Diagnostics;
using Emergence.Storage;
using Emergence.Tests.Support;

namespace Emergence.Tests.Cli;

/// <summary>
/// A run killed at any moment continues with --resume and ends with exactly the numbers of an
/// uninterrupted run (same seed, same thread count): bit-identical step losses, metrics and items.
/// </summary>
[Trait(Category.Name, Category.Slow)]
public class ResumeTests : IClassFixture<ResumeTests.Reference>
{
    private static readonly string[] TrainArgs =
        ["train", "--model", "nano", "--steps", "40", "--checkpoint-every", "10", "--eval-per-task-level", "20", "--threads", "1"];

    public sealed class Reference : IDisposable
    {
        public TempDirectory Dir { get; } = new();
        public Snapshot Result { get; }

        public Reference()
        {
            var run = CliProcess.Run([.. TrainArgs, "--out", Dir.Path]);
            Assert.True(run.ExitCode == 0, run.Stderr);
            Result = Snapshot.Of(Dir.Path);
        }

        public void Dispose() => Dir.Dispose();
    }

    public sealed record Snapshot(long[] Checkpoints, double[] Losses, double[] Metrics, string Items)
    {
        public static Snapshot Of(string path)
        {
            using var store = RunStore.Open(new RunFolder(path).StorePath, readOnly: true);
            return new Snapshot(
                [.. store.Checkpoints().Select(c => c.Step)],
                [.. store.StepLosses().Select(l => l.Loss)],
                StoredResults.Values(store),
                string.Join(";", store.Items().Select(i => $"{i.Step}{i.Task}{i.Level}:{string.Concat(i.Correct.Select(c => c ? '1' : '0'))}")));
        }
    }

    private readonly Reference _reference;

    public ResumeTests(Reference reference) => _reference = reference;

    private void AssertSameAsReference(string path)
    {
        var resumed = Snapshot.Of(path);
        Assert.Equal(_reference.Result.Checkpoints, resumed.Checkpoints);
        Assert.Equal(_reference.Result.Losses, resumed.Losses);
        Assert.Equal(_reference.Result.Metrics, resumed.Metrics);
        Assert.Equal(_reference.Result.Items, resumed.Items);
    }

    [Theory]
    [InlineData("before-weights:20")]
    [InlineData("before-state:20")]
    [InlineData("before-commit:20")]
    [InlineData("after-commit:20")]
    [InlineData("before-commit:0")]
    public void A_run_killed_during_a_checkpoint_write_resumes_to_identical_numbers(string crashAt)
    {
        using var dir = new TempDirectory();
        var crashed = CliProcess.Run([.. TrainArgs, "--out", dir.Path], new Dictionary<string, string> { ["EMERGENCE_CRASH_AT"] = crashAt });
        Assert.NotEqual(0, crashed.ExitCode);
        var resumed = CliProcess.Run([.. TrainArgs, "--out", dir.Path, "--resume"]);
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        AssertSameAsReference(dir.Path);
        Assert.DoesNotContain(Directory.EnumerateFiles(dir.Path, "*.tmp", SearchOption.AllDirectories), f => !f.EndsWith("state.tmp"));
    }

    [Fact]
    public void A_real_training_process_killed_mid_run_resumes_to_identical_numbers()
    {
        using var dir = new TempDirectory();
        var folder = new RunFolder(dir.Path);
        using (var process = Process.Start(CliProcess.StartInfo([.. TrainArgs, "--out", dir.Path]))!)
        {
            // Kill (SIGKILL) once the run is past its second checkpoint, wherever it is.
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (!process.HasExited && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
                if (RunFolder.StepsIn(folder.ResumeDirectory, ".state").Any(s => s >= 10)) break;
            }
            Thread.Sleep(Random.Shared.Next(0, 400));
            Assert.False(process.HasExited, "the run finished before it could be killed");
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        long? stored;
        using (var store = RunStore.Open(folder.StorePath, readOnly: true)) stored = store.LastCheckpointStep();
        Assert.True(stored < 40, $"the killed run had reached step {stored}");
        var resumed = CliProcess.Run([.. TrainArgs, "--out", dir.Path, "--resume"]);
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Contains("resuming at step", resumed.Stdout);
        AssertSameAsReference(dir.Path);
    }

    [Fact]
    public void A_training_process_sent_SIGTERM_stops_after_its_step_with_exit_code_130_and_resumes_to_identical_numbers()
    {
        using var dir = new TempDirectory();
        var folder = new RunFolder(dir.Path);
        var stopped = CliProcess.RunUntilTerminated([.. TrainArgs, "--out", dir.Path],
            () => RunFolder.StepsIn(folder.ResumeDirectory, ".state").Any(s => s >= 10));
        Assert.True(stopped.ExitCode == 130, $"exit code {stopped.ExitCode}: {stopped.Stderr}");
        Assert.Contains("stopping after this step; the last checkpoint stands (continue with --resume) (SIGTERM)", stopped.Stderr);
        Assert.Contains("stopped; continue with --resume", stopped.Stdout);
        var resumed = CliProcess.Run([.. TrainArgs, "--out", dir.Path, "--resume"]);
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        AssertSameAsReference(dir.Path);
    }

    [Fact]
    public void A_run_stopped_by_stop_at_ends_at_its_checkpoint_and_continues_to_identical_numbers()
    {
        using var dir = new TempDirectory();
        var stopped = CliProcess.Run([.. TrainArgs, "--out", dir.Path, "--stop-at", "15"]);
        Assert.True(stopped.ExitCode == 0, stopped.Stderr);
        Assert.Contains("stopped at the first checkpoint at or after step 15, as --stop-at asked; continue with --resume", stopped.Stdout);
        using (var store = RunStore.Open(new RunFolder(dir.Path).StorePath, readOnly: true))
            Assert.Equal(20, store.LastCheckpointStep());

        string? resumes;
        using (var store = RunStore.Open(new RunFolder(dir.Path).StorePath, readOnly: true)) resumes = store.Meta("resumes");
        var again = CliProcess.Run([.. TrainArgs, "--out", dir.Path, "--resume", "--stop-at", "15"]);
        Assert.True(again.ExitCode == 0, again.Stderr);
        using (var store = RunStore.Open(new RunFolder(dir.Path).StorePath, readOnly: true))
        {
            Assert.Equal(20, store.LastCheckpointStep()); // already past the step: nothing trained
            Assert.Equal(resumes, store.Meta("resumes")); // and no resume recorded
        }

        var resumed = CliProcess.Run([.. TrainArgs, "--out", dir.Path, "--resume"]);
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        AssertSameAsReference(dir.Path);
    }

    [Fact]
    public void Resuming_a_finished_run_changes_nothing()
    {
        using var dir = new TempDirectory();
        foreach (var file in Directory.EnumerateFiles(_reference.Dir.Path, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(dir.Path, Path.GetRelativePath(_reference.Dir.Path, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var resumed = CliProcess.Run([.. TrainArgs, "--out", dir.Path, "--resume"]);
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        AssertSameAsReference(dir.Path);
    }

    /// <summary>
    /// docs/reproduction/carry.sh: a run interrupted on one machine, saved into a pack and restored
    /// into another folder (another machine), resumes there to the uninterrupted run's numbers;
    /// the pack holds the store and the last checkpoint's trainer state, not the weights.
    /// </summary>
    [Fact]
    public void A_run_carried_to_another_folder_by_the_carry_script_resumes_to_identical_numbers()
    {
        using var dir = new TempDirectory();
        string study = dir.Combine("machine-a", "reproduction"), run = Path.Combine(study, "runs", "nano-s0");
        var crashed = CliProcess.Run([.. TrainArgs, "--out", run], new Dictionary<string, string> { ["EMERGENCE_CRASH_AT"] = "after-commit:20" });
        Assert.NotEqual(0, crashed.ExitCode);
        File.WriteAllText(Path.Combine(study, "study.json"), "{}");
        File.WriteAllText(Path.Combine(study, "commands.jsonl"), "");
        string pack = dir.Combine("pack"), elsewhere = dir.Combine("machine-b", "reproduction");

        Carry("save", study, pack);
        Assert.Equal([Path.Combine("resume", "step-0000020.state"), "run.db.xz"],
            Directory.EnumerateFiles(Path.Combine(pack, "runs", "nano-s0"), "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(Path.Combine(pack, "runs", "nano-s0"), f)).Order(StringComparer.Ordinal));
        var restored = Carry("restore", elsewhere, pack);
        Assert.Contains("nano-s0 restored at checkpoint 20", restored);
        Assert.Contains("already at checkpoint 20", Carry("restore", elsewhere, pack));

        // A pack that git would ignore (a work tree whose .gitignore says runs/) is refused.
        string repository = dir.Combine("repository");
        Directory.CreateDirectory(repository);
        Assert.Equal(0, CliProcess.Run(new ProcessStartInfo("git", ["init", "-q", repository]) { RedirectStandardOutput = true, RedirectStandardError = true }, 60).ExitCode);
        File.WriteAllText(Path.Combine(repository, ".gitignore"), "runs/\n");
        var refused = RunCarry("save", study, Path.Combine(repository, "partial", "reproduction"));
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("git ignores", refused.Stderr);
        Assert.Contains("step-0000020.state", refused.Stderr);

        var resumed = CliProcess.Run([.. TrainArgs, "--out", Path.Combine(elsewhere, "runs", "nano-s0"), "--resume"]);
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        AssertSameAsReference(Path.Combine(elsewhere, "runs", "nano-s0"));
    }

    private static string Carry(string mode, string study, string pack)
    {
        var result = RunCarry(mode, study, pack);
        Assert.True(result.ExitCode == 0, $"carry.sh {mode}: {result.Stderr}");
        return result.Stdout;
    }

    private static CliProcess.Result RunCarry(string mode, string study, string pack)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { RepositoryFiles.PathOf("docs", "reproduction", "carry.sh"), mode, study, pack }) info.ArgumentList.Add(a);
        return CliProcess.Run(info, 120);
    }
}
