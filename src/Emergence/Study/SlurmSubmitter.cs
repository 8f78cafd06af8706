using Emergence.Storage;

namespace Emergence.Study;

/// <summary>
/// Submits a study to Slurm (<c>emergence study --slurm</c>): an array job with one task per shard
/// of the study's runs (<see cref="SlurmScripts.Shards"/>) and a gather job that writes the report
/// once every task has succeeded (<c>--dependency=afterok</c>, cancelled by Slurm when a task fails).
/// Submitting again submits only what is missing: the shards that failed or were never submitted
/// (they continue from their last checkpoints) and a new gather job that waits for them and for
/// the tasks still queued or running; a shard that is done, waiting or running is left alone.
/// Every accepted job id is stored at once in <c>DIR/slurm/jobs.json</c> (<see cref="SlurmJobs"/>).
/// </summary>
public sealed class SlurmSubmitter(IProcessRunner runner, Action<string> log)
{
    /// <summary>
    /// Refuses, before anything is written, a machine without <c>sbatch</c> and a partition the
    /// cluster does not have (asked of <c>sinfo</c> when it is there).
    /// </summary>
    public void CheckCluster(SlurmOptions options)
    {
        if (!runner.Exists("sbatch"))
            throw new ArgumentException("--slurm needs Slurm's sbatch, which is not on PATH: run it on a login node of the cluster (see docs/slurm.md).");
        if (options.Partition is not { } partition || !runner.Exists("sinfo")) return;
        var answer = runner.Run("sinfo", ["--noheader", "--format=%R"]);
        if (answer.ExitCode != 0)
            throw new StoreException($"Slurm cannot be reached: sinfo says '{answer.LastErrorLine}'.");
        var partitions = answer.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        if (!partitions.Contains(partition))
            throw new ArgumentException($"Partition '{partition}' does not exist on this cluster (partitions: {string.Join(", ", partitions)}).");
    }

    /// <summary>
    /// Submits what the prepared study in <paramref name="folder"/> still needs and returns its
    /// state after the submission. <paramref name="studyArguments"/> define the study for the
    /// shards (preset, sizes, seeds...); the caller holds the study folder's lock.
    /// </summary>
    public SlurmStatus Submit(StudyFolder folder, StudyDefinition definition, IReadOnlyList<string> studyArguments, SlurmOptions options)
    {
        CheckFolder(folder);
        int count = definition.Runs.Count;
        var jobs = SlurmJobs.Load(folder) ?? new SlurmJobs(count, []);
        if (jobs.ShardCount != count)
            throw new StoreException($"{SlurmJobs.FilePath(folder)} holds {jobs.ShardCount} shard(s) but the study has {count} run(s); it belongs to another study.");
        var status = SlurmStatus.Of(folder, definition, jobs, runner);
        var shards = status.Shards.Where(s => s.State is ShardState.Failed or ShardState.NotSubmitted).Select(s => s.Index).ToList();
        if (shards.Count == 0 && (status.GatherActive || status.Reported))
        {
            log(status.Reported && !status.GatherActive ? "nothing to submit: the report is written" : "nothing to submit: every shard and the gather job are done, queued or running");
            return status;
        }

        var program = SelfCommand.Prefix();
        var shardsScript = Path.Combine(SlurmJobs.Directory(folder), SlurmScripts.ShardsFileName);
        var gatherScript = Path.Combine(SlurmJobs.Directory(folder), SlurmScripts.GatherFileName);
        Directory.CreateDirectory(SlurmScripts.LogDirectory(folder));
        RunFolder.WriteAtomically(shardsScript, s => s.Write(System.Text.Encoding.UTF8.GetBytes(SlurmScripts.Shards(folder, program, studyArguments, count, options))));
        RunFolder.WriteAtomically(gatherScript, s => s.Write(System.Text.Encoding.UTF8.GetBytes(SlurmScripts.Gather(folder, program, options))));

        string? arrayJob = null;
        if (shards.Count > 0)
        {
            arrayJob = Sbatch("array", [$"--array={string.Join(',', shards)}", shardsScript]);
            jobs = jobs.With(new SlurmSubmission(arrayJob, shards, null, DateTime.UtcNow));
            jobs.Save(folder);
            log($"submitted array job {arrayJob}: shard(s) {string.Join(", ", shards.Select(i => $"{i}/{count}"))}");
        }
        if (status.GatherActive) Cancel(status.GatherJob!); // it waits for a failed task: it could never start
        var waitFor = (arrayJob is null ? [] : new[] { arrayJob })
            .Concat(status.Shards.Where(s => s.State is ShardState.Waiting or ShardState.Running).Select(s => s.TaskId!)).ToList();
        var gatherArguments = new List<string> { "--kill-on-invalid-dep=yes" };
        if (waitFor.Count > 0) gatherArguments.Add($"--dependency=afterok:{string.Join(':', waitFor)}");
        var gatherJob = Sbatch("gather", [.. gatherArguments, gatherScript]);
        var last = jobs.Submissions.LastOrDefault();
        jobs = arrayJob is not null ? jobs.WithLast(last! with { GatherJob = gatherJob }) : jobs.With(new SlurmSubmission(null, [], gatherJob, DateTime.UtcNow));
        jobs.Save(folder);
        log($"submitted gather job {gatherJob}" + (waitFor.Count > 0 ? $", after {string.Join(", ", waitFor)}" : ""));
        return SlurmStatus.Of(folder, definition, jobs, runner);
    }

    /// <summary>Slurm reads paths in #SBATCH lines and %-patterns in log names: a folder path with blanks, quotes or % is refused.</summary>
    public static void CheckFolder(StudyFolder folder)
    {
        if (folder.Path.Any(c => char.IsWhiteSpace(c) || c is '%' or '"' or '\'' or '\\'))
            throw new ArgumentException($"Study folder '{folder.Path}' has a blank, quote, backslash or % in its path, which Slurm's batch scripts cannot carry; choose another --out.");
    }

    private string Sbatch(string what, IReadOnlyList<string> arguments)
    {
        var answer = runner.Run("sbatch", ["--parsable", .. arguments]);
        var id = answer.Stdout.Trim().Split(';')[0];
        if (answer.ExitCode != 0 || id.Length == 0 || !id.All(char.IsAsciiDigit))
            throw new ArgumentException($"sbatch refused the {what} job: {answer.LastErrorLine}");
        return id;
    }

    private void Cancel(string job)
    {
        if (!runner.Exists("scancel"))
        {
            log($"warning: scancel is not on PATH; cancel the old gather job {job} by hand");
            return;
        }
        var answer = runner.Run("scancel", [job]);
        if (answer.ExitCode != 0) log($"warning: scancel {job} failed: {answer.LastErrorLine}");
    }
}
