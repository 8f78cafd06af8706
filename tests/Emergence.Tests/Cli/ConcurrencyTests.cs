using System.Diagnostics;
using Emergence.Storage;
using Emergence.Study;
using Emergence.Tests.Support;

namespace Emergence.Tests.Cli;

/// <summary>
/// One writer per run folder and per study folder: a second writer is refused with one line
/// naming the holder's process id and changes nothing; a lock dies with its process; the
/// children of <c>study --jobs</c> die with their parent.
/// </summary>
[Trait(Category.Name, Category.Slow)]
public class ConcurrencyTests
{
    private static readonly string[] Long = ["train", "--steps", "100000", "--checkpoint-every", "10", "--eval-per-task-level", "5", "--threads", "1"];
    private static readonly string[] Short = ["train", "--steps", "20", "--checkpoint-every", "10", "--eval-per-task-level", "5", "--threads", "1"];

    private static void WaitFor(Func<bool> condition, string what, int seconds = 180)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            Thread.Sleep(50);
        }
    }

    [Fact]
    public async Task A_second_train_on_a_run_being_trained_is_refused_naming_the_writer()
    {
        using var dir = new TempDirectory();
        var folder = new RunFolder(dir.Path);
        using var first = Process.Start(CliProcess.StartInfo([.. Long, "--out", dir.Path]))!;
        _ = first.StandardOutput.ReadToEndAsync(); // drained, so the writer never blocks on a full pipe
        var firstErrors = first.StandardError.ReadToEndAsync();
        try
        {
            WaitFor(() => first.HasExited || RunFolder.StepsIn(folder.ResumeDirectory, ".state").Any(), "the first checkpoint");
            Assert.False(first.HasExited, first.HasExited ? await firstErrors : "");
            var second = CliProcess.Run([.. Long, "--out", dir.Path, "--resume"]);
            CliProcess.AssertOneLineError(second, $"Run folder {dir.Path} is in use by process {first.Id}");
            Assert.Equal(2, second.ExitCode);
            Assert.False(first.HasExited, "the first writer was disturbed");
        }
        finally
        {
            first.Kill(entireProcessTree: true);
            first.WaitForExit();
        }
        // The kernel released the killed writer's lock: the run resumes at once.
        using var writer = folder.Lock();
    }

    [Fact]
    public async Task Two_fresh_trains_into_one_folder_give_one_run_and_one_clear_refusal()
    {
        using var dir = new TempDirectory();
        var target = dir.Combine("run");
        var runs = new[] { 0, 1 }.Select(_ => Task.Run(() => CliProcess.Run([.. Short, "--out", target]))).ToArray();
        var results = (await Task.WhenAll(runs)).OrderBy(r => r.ExitCode).ToArray();
        Assert.True(results[0].ExitCode == 0, results[0].Stderr);
        Assert.Equal(2, results[1].ExitCode);
        var line = Assert.Single(results[1].Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(line.Contains("is in use by process") || line.Contains("already holds a run"), line);
        using var store = RunStore.Open(new RunFolder(target).StorePath, readOnly: true);
        Assert.Equal(20, store.LastCheckpointStep());
    }

    [Fact]
    public void A_study_or_report_on_a_study_in_use_is_refused_naming_the_holder()
    {
        using var dir = new TempDirectory();
        var folder = new StudyFolder(dir.Path);
        var definition = StudyPresets.Build("smoke");
        folder.Prepare(definition);
        var before = BadInputTests.Hashes(dir.Path);
        using (folder.Lock())
        {
            var study = CliProcess.Run(["study", "--preset", "smoke", "--out", dir.Path]);
            CliProcess.AssertOneLineError(study, $"Study folder {dir.Path} is in use by process {Environment.ProcessId}");
            Assert.Equal(2, study.ExitCode);
            var report = CliProcess.Run(["report", dir.Path]);
            CliProcess.AssertOneLineError(report, $"is in use by process {Environment.ProcessId}");
        }
        Assert.Equal(before, BadInputTests.Hashes(dir.Path));
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "runs")));
    }

    /// <summary>Command lines of the live processes (Linux /proc), by process id.</summary>
    private static Dictionary<int, string> CommandLines() =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => (Ok: int.TryParse(Path.GetFileName(d), out var pid), Pid: pid, Dir: d))
            .Where(p => p.Ok)
            .Select(p => { try { return (p.Pid, Line: File.ReadAllText(Path.Combine(p.Dir, "cmdline")).Replace('\0', ' ')); } catch (IOException) { return (p.Pid, Line: ""); } })
            .ToDictionary(p => p.Pid, p => p.Line);

    /// <summary>
    /// A process not yet a zombie (state Z in /proc/PID/stat): only a zombie has closed its files,
    /// and with them its locks (its command line is already empty while it is still exiting).
    /// </summary>
    private static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0] != "Z";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    [Fact]
    public void Killing_the_parent_of_study_jobs_ends_its_children()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var dir = new TempDirectory();
        using var parent = Process.Start(CliProcess.StartInfo(["study", "--preset", "quick", "--seeds", "0,1", "--jobs", "2", "--threads", "2", "--out", dir.Path]))!;
        _ = parent.StandardOutput.ReadToEndAsync();
        _ = parent.StandardError.ReadToEndAsync();
        List<int> Children() => [.. CommandLines().Where(c => c.Value.Contains("study-run") && c.Value.Contains(dir.Path)).Select(c => c.Key)];
        try
        {
            WaitFor(() => parent.HasExited || Children().Count == 2, "two study-run children");
            WaitFor(() => parent.HasExited || new[] { "nano-s0", "nano-s1" }.All(r => File.Exists(Path.Combine(dir.Path, "runs", r, "run.db"))), "both runs to start");
            Assert.False(parent.HasExited, "the study ended before its parent could be killed");
            var children = Children();
            parent.Kill(entireProcessTree: false); // SIGKILL to the parent alone: it has no exit path
            parent.WaitForExit();
            WaitFor(() => !children.Any(Alive), "the children to end", seconds: 60);
        }
        finally
        {
            if (!parent.HasExited) parent.Kill(entireProcessTree: true);
        }
        // No orphan holds a run: both run folders can be claimed. A run of the quick preset trains
        // for minutes, so an orphan would hold its lock far longer than the few seconds allowed here
        // for the kernel to finish tearing the killed children down.
        WaitFor(() => CanClaim("nano-s0") && CanClaim("nano-s1"), "both run locks to be free", seconds: 15);

        bool CanClaim(string run)
        {
            try { using var held = new StudyFolder(dir.Path).Run(run).Lock(); return true; }
            catch (StoreException) { return false; }
        }
    }
}
