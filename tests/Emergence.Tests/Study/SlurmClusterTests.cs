using System.Text.RegularExpressions;
using Emergence.Study;
using Emergence.Tests.Support;

namespace Emergence.Tests.Study;

/// <summary>
/// <c>study --slurm</c> on a real Slurm (one node on this machine, started by .ci/slurm-up.sh):
/// the smoke study as a two-task array job and a gather job gives the same results.json as the
/// study run here, each task mirroring its run into the TensorBoard folder given; an array task cancelled mid-run is resubmitted by the rerun and continues from
/// its last checkpoint to the same numbers; an unknown partition is refused. Without a running
/// Slurm these tests fail, naming why.
/// </summary>
[Trait(Category.Name, Category.Slow)]
public partial class SlurmClusterTests : IClassFixture<SlurmClusterTests.Reference>
{
    private static readonly string[] Smoke = ["study", "--preset", "smoke", "--seeds", "0,1"];

    /// <summary>Whether Slurm takes jobs here, and the smoke study run here (two runs of one thread each).</summary>
    public sealed class Reference : IDisposable
    {
        private readonly TempDirectory _dir = new();
        private readonly Lazy<string> _results;

        public string? SlurmProblem { get; } = Problem();
        public string Results => _results.Value;

        public Reference() => _results = new(() =>
        {
            var run = CliProcess.Run([.. Smoke, "--jobs", "2", "--threads", "2", "--out", _dir.Path]);
            Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
            return StudyTests.Normalised(_dir.Path);
        });

        public void Dispose() => _dir.Dispose();

        private static string? Problem()
        {
            var runner = new SystemProcessRunner();
            if (!runner.Exists("sinfo")) return "Slurm is not installed here (no sinfo on PATH); start it with: bash .ci/slurm-up.sh";
            var nodes = runner.Run("sinfo", ["--noheader", "--format=%t"]);
            return nodes.ExitCode != 0 ? $"Slurm is not running here (sinfo: {nodes.LastErrorLine}); start it with: bash .ci/slurm-up.sh"
                : !Regex.IsMatch(nodes.Stdout, "^(idle|mix|alloc)", RegexOptions.Multiline) ? $"Slurm has no node that takes jobs (sinfo: {nodes.Stdout.Trim()}); see .ci/slurm-up.sh"
                : null;
        }
    }

    private readonly Reference _reference;

    public SlurmClusterTests(Reference reference)
    {
        _reference = reference;
        Assert.True(reference.SlurmProblem is null, reference.SlurmProblem);
    }

    private static CliProcess.Result Submit(string dir) => CliProcess.Run([.. Smoke, "--out", dir, "--slurm", "--cpus-per-task", "1"]);

    private static CliProcess.Result Status(string dir) => CliProcess.Run(["study", "--slurm-status", dir]);

    /// <summary>Polls --slurm-status until its output matches <paramref name="pattern"/>; the match.</summary>
    private static Match WaitForStatus(string dir, string pattern, string what, int seconds = 600)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        CliProcess.Result status;
        do
        {
            status = Status(dir);
            var match = Regex.Match(status.Stdout, pattern);
            if (match.Success) return match;
            Thread.Sleep(1000);
        }
        while (DateTime.UtcNow < deadline);
        var logs = Directory.EnumerateFiles(Path.Combine(dir, "slurm", "logs")).Select(f => $"--- {f}\n{File.ReadAllText(f)}");
        Assert.Fail($"{what} not seen within {seconds} s; last status:\n{status.Stdout}{status.Stderr}\n{string.Join('\n', logs)}");
        return null!;
    }

    [Fact]
    public void A_study_submitted_as_an_array_job_gives_the_results_of_the_study_run_here()
    {
        using var dir = new TempDirectory();
        using var board = new TempDirectory();
        var submit = CliProcess.Run([.. Smoke, "--out", dir.Path, "--slurm", "--cpus-per-task", "1", "--tensorboard", board.Path]);
        Assert.True(submit.ExitCode == 0, submit.Stdout + submit.Stderr);
        Assert.Matches(@"submitted array job \d+: shard\(s\) 1/2, 2/2", submit.Stdout);
        Assert.Matches(@"submitted gather job \d+, after \d+", submit.Stdout);
        WaitForStatus(dir.Path, "report: written", "the report");
        var status = Status(dir.Path);
        Assert.True(status.ExitCode == 0, status.Stderr);
        Assert.Matches(@"shard 1/2: done \(job \d+_1 COMPLETED\); nano-s0: complete", status.Stdout);
        Assert.Matches(@"shard 2/2: done \(job \d+_2 COMPLETED\); nano-s1: complete", status.Stdout);
        Assert.Equal(_reference.Results, StudyTests.Normalised(dir.Path));
        // Each task mirrors its run into the TensorBoard folder given at submission.
        foreach (var run in new[] { "nano-s0", "nano-s1" })
            Assert.Single(Directory.EnumerateFiles(Path.Combine(board.Path, run), "events.out.tfevents.*"));

        var again = Submit(dir.Path);
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Contains("nothing to submit: the report is written", again.Stdout);
        Assert.Single(SlurmJobs.Load(new StudyFolder(dir.Path))!.Submissions);
    }

    [Fact]
    public void An_array_task_cancelled_mid_run_is_resubmitted_by_the_rerun_and_continues_from_its_checkpoint()
    {
        using var dir = new TempDirectory();
        var submit = Submit(dir.Path);
        Assert.True(submit.ExitCode == 0, submit.Stdout + submit.Stderr);
        WaitForStatus(dir.Path, @"shard 2/2: running .*nano-s1: at step [1-3]0 of 60", "shard 2 past its first checkpoint");
        var task = SlurmJobs.Load(new StudyFolder(dir.Path))!.Latest(2)!.TaskId(2);
        var cancel = new SystemProcessRunner().Run("scancel", [task]);
        Assert.True(cancel.ExitCode == 0, cancel.Stderr);

        WaitForStatus(dir.Path, @"shard 2/2: failed", "the cancelled shard", seconds: 120);
        var failed = Status(dir.Path);
        CliProcess.AssertOneLineError(failed, $"Shard(s) 2/2 (job {task} CANCELLED) ended with runs incomplete");
        Assert.Equal(2, failed.ExitCode);
        Assert.False(File.Exists(Path.Combine(dir.Path, "report", "results.json")));

        var rerun = Submit(dir.Path);
        Assert.True(rerun.ExitCode == 0, rerun.Stdout + rerun.Stderr);
        var resubmitted = Regex.Match(rerun.Stdout, @"submitted array job (\d+): shard\(s\) 2/2\n");
        Assert.True(resubmitted.Success, rerun.Stdout);
        WaitForStatus(dir.Path, "report: written", "the report after the resubmission");
        var log = File.ReadAllText(Path.Combine(dir.Path, "slurm", "logs", $"shard-2-job{resubmitted.Groups[1].Value}.out"));
        Assert.Matches(@"resuming at step [1-5]1\b", log);
        Assert.Equal(_reference.Results, StudyTests.Normalised(dir.Path));
    }

    [Fact]
    public void A_partition_slurm_does_not_have_is_refused_in_one_line_and_nothing_is_written()
    {
        using var dir = new TempDirectory();
        var study = dir.Combine("s");
        var refused = CliProcess.Run([.. Smoke, "--out", study, "--slurm", "--partition", "nope"]);
        CliProcess.AssertOneLineError(refused, "Partition 'nope' does not exist on this cluster (partitions: ");
        Assert.Equal(2, refused.ExitCode);
        Assert.False(Directory.Exists(study));
    }
}
