using Emergence.Study;
using Emergence.Tests.Support;

namespace Emergence.Tests.Study;

/// <summary>
/// Submission of a study to a stand-in Slurm (<see cref="FakeSlurm"/>): what is sent to sbatch
/// and scancel on a first submission and on a rerun after a task failed, what is kept in
/// jobs.json, and the one-line refusals (no sbatch, an unknown partition, a refused job, failed shards).
/// </summary>
public sealed class SlurmSubmitterTests : IDisposable
{
    private static readonly string[] StudyArguments = ["--preset", "smoke", "--seeds", "0,1"];
    private readonly TempDirectory _dir = new();
    private readonly FakeSlurm _slurm = new();
    private readonly List<string> _log = [];
    private readonly StudyFolder _folder;
    private readonly StudyDefinition _definition;

    public SlurmSubmitterTests()
    {
        _folder = new StudyFolder(_dir.Combine("study"));
        _definition = _folder.Prepare(StudyPresets.Build("smoke", null, [0, 1]));
    }

    public void Dispose() => _dir.Dispose();

    private SlurmSubmitter Submitter => new(_slurm, _log.Add);
    private static readonly SlurmOptions Options = new(null, null, 1);
    private IEnumerable<string[]> Sbatches => _slurm.Sbatches.Select(a => a.ToArray());
    private string Script(string name) => Path.Combine(_folder.Path, "slurm", name);

    private void Submitted(string arrayJob, int[] shards, string gatherJob) =>
        new SlurmJobs(2, [new SlurmSubmission(arrayJob, shards, gatherJob, DateTime.UtcNow)]).Save(_folder);

    [Fact]
    public void Without_sbatch_on_PATH_the_submission_is_refused_naming_it()
    {
        _slurm.Programs.Remove("sbatch");
        var error = Assert.Throws<ArgumentException>(() => Submitter.CheckCluster(Options));
        Assert.Equal("--slurm needs Slurm's sbatch, which is not on PATH: run it on a login node of the cluster (see docs/slurm.md).", error.Message);
        Assert.Empty(_slurm.Calls);
    }

    [Fact]
    public void A_partition_the_cluster_does_not_have_is_refused_naming_those_it_has()
    {
        var error = Assert.Throws<ArgumentException>(() => Submitter.CheckCluster(SlurmOptions.Parse("gpu", null, 1)));
        Assert.Equal("Partition 'gpu' does not exist on this cluster (partitions: debug, long).", error.Message);
        Submitter.CheckCluster(SlurmOptions.Parse("long", null, 1));
    }

    [Fact]
    public void A_study_folder_whose_path_slurm_cannot_carry_is_refused() =>
        Assert.Contains("has a blank, quote, backslash or %", Assert.Throws<ArgumentException>(() => SlurmSubmitter.CheckFolder(new StudyFolder("/tmp/my study"))).Message);

    [Fact]
    public void A_first_submission_sends_every_shard_and_a_gather_job_after_the_array()
    {
        var status = Submitter.Submit(_folder, _definition, StudyArguments, Options);
        Assert.Equal<string[]>(
            [["--parsable", "--array=1,2", Script("shards.sbatch")],
             ["--parsable", "--kill-on-invalid-dep=yes", "--dependency=afterok:100", Script("gather.sbatch")]],
            Sbatches);
        var jobs = SlurmJobs.Load(_folder)!;
        Assert.Equal(2, jobs.ShardCount);
        var submission = Assert.Single(jobs.Submissions);
        Assert.Equal(("100", "101"), (submission.ArrayJob, submission.GatherJob));
        Assert.Equal([1, 2], submission.Shards);
        Assert.Contains("--shard \"${SLURM_ARRAY_TASK_ID}/2\"", File.ReadAllText(Script("shards.sbatch")));
        Assert.Equal(["100_1", "100_2"], status.Shards.Select(s => s.TaskId));
    }

    [Fact]
    public void A_rerun_resubmits_only_the_failed_shard_and_its_gather_job_also_waits_for_the_running_one()
    {
        Submitted("40", [1, 2], "41");
        _slurm.Queue("40_1|RUNNING|None", "40_2|CANCELLED|None", "41|PENDING|Dependency");
        Submitter.Submit(_folder, _definition, StudyArguments, Options);
        Assert.Equal<string[]>(
            [["--parsable", "--array=2", Script("shards.sbatch")],
             ["--parsable", "--kill-on-invalid-dep=yes", "--dependency=afterok:100:40_1", Script("gather.sbatch")]],
            Sbatches);
        Assert.Contains(_slurm.Calls, c => c.Program == "scancel" && c.Arguments.SequenceEqual(["41"]));
        var jobs = SlurmJobs.Load(_folder)!;
        Assert.Equal("100_2", jobs.Latest(2)!.TaskId(2));
        Assert.Equal("40_1", jobs.Latest(1)!.TaskId(1));
        Assert.Equal("101", jobs.Submissions[^1].GatherJob);
    }

    [Fact]
    public void Nothing_is_submitted_while_every_shard_and_the_gather_job_wait_or_run()
    {
        Submitted("40", [1, 2], "41");
        _slurm.Queue("40_1|PENDING|Priority", "40_2|RUNNING|None", "41|PENDING|Dependency");
        var status = Submitter.Submit(_folder, _definition, StudyArguments, Options);
        Assert.Empty(Sbatches);
        Assert.Equal([ShardState.Waiting, ShardState.Running], status.Shards.Select(s => s.State));
        Assert.Null(status.FailureLine("rerun"));
        Assert.Contains("nothing to submit", Assert.Single(_log));
    }

    [Fact]
    public void Shards_that_failed_are_named_in_one_line_with_their_gather_job()
    {
        Submitted("40", [1, 2], "41");
        _slurm.Queue("40_1|COMPLETED|None", "40_2|TIMEOUT|None", "41|CANCELLED|DependencyNeverSatisfied");
        var status = SlurmStatus.Of(_folder, _definition, SlurmJobs.Load(_folder), _slurm);
        Assert.Equal([ShardState.Failed, ShardState.Failed], status.Shards.Select(s => s.State)); // a completed task whose run is incomplete failed too
        Assert.Equal("Shard(s) 1/2 (job 40_1 COMPLETED), 2/2 (job 40_2 TIMEOUT) ended with runs incomplete, so gather job 41 cannot write the report; "
            + "rerun the study command with --slurm to resubmit them from their last checkpoints.", status.FailureLine("rerun the study command with --slurm"));
        Assert.Equal("  gather: job 41 CANCELLED, DependencyNeverSatisfied", status.Lines().Last());
    }

    [Fact]
    public void A_task_slurm_no_longer_knows_counts_as_failed()
    {
        Submitted("40", [1, 2], "41");
        _slurm.Queue("40_1|RUNNING|None");
        var status = SlurmStatus.Of(_folder, _definition, SlurmJobs.Load(_folder), _slurm);
        Assert.Equal("shard 2/2: failed or stopped: no longer known to Slurm (job 40_2); nano-s1: not started", status.Shards[1].ToString());
        Assert.Contains("2/2 (job 40_2 gone)", status.FailureLine("rerun"));
    }

    [Fact]
    public void A_refused_job_is_one_line_and_the_study_folder_keeps_what_it_had()
    {
        var definition = File.ReadAllText(_folder.DefinitionPath);
        _slurm.Answers["sbatch"] = _ => new ProcessOutcome(1, "", "sbatch: error: Batch job submission failed: Requested time limit is invalid (missing or exceeds some limit)\n");
        var error = Assert.Throws<ArgumentException>(() => Submitter.Submit(_folder, _definition, StudyArguments, SlurmOptions.Parse(null, "99-00:00:00", 1)));
        Assert.Equal("sbatch refused the array job: sbatch: error: Batch job submission failed: Requested time limit is invalid (missing or exceeds some limit)", error.Message);
        Assert.Equal(definition, File.ReadAllText(_folder.DefinitionPath));
        Assert.Null(SlurmJobs.Load(_folder));
    }

    [Fact]
    [Trait(Category.Name, Category.Slow)]
    public void The_study_command_without_sbatch_on_PATH_says_so_in_one_line_and_writes_nothing()
    {
        var refused = CliProcess.Run(["study", "--preset", "smoke", "--out", _dir.Combine("s"), "--slurm"], new Dictionary<string, string> { ["PATH"] = _dir.Path });
        CliProcess.AssertOneLineError(refused, "--slurm needs Slurm's sbatch, which is not on PATH");
        Assert.Equal(2, refused.ExitCode);
        Assert.False(Directory.Exists(_dir.Combine("s")));
    }
}
