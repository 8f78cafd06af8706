namespace Emergence.Study;

/// <summary>Where a shard of a study on Slurm stands.</summary>
public enum ShardState
{
    /// <summary>Every run of the shard is complete in the study folder.</summary>
    Done,
    /// <summary>Its array task is queued.</summary>
    Waiting,
    /// <summary>Its array task is running.</summary>
    Running,
    /// <summary>Its array task ended (or Slurm no longer knows it) with runs incomplete.</summary>
    Failed,
    /// <summary>No array task was ever submitted for it.</summary>
    NotSubmitted,
}

/// <summary>One shard: its state, its current array task (if submitted), Slurm's word on it and its runs' progress.</summary>
public sealed record ShardStatus(int Index, int Count, ShardState State, string? TaskId, SlurmJobState? Slurm, IReadOnlyList<RunProgress> Runs)
{
    /// <summary>One line: the shard, its state, its job and its runs' progress.</summary>
    public override string ToString()
    {
        var job = TaskId is null ? "" : $" (job {TaskId}{(Slurm is null ? "" : $" {Slurm}")})";
        var what = State switch
        {
            ShardState.Done => "done",
            ShardState.Waiting => "waiting",
            ShardState.Running => "running",
            ShardState.Failed => Slurm is null ? "failed or stopped: no longer known to Slurm" : "failed",
            _ => "not submitted",
        };
        return $"shard {Index}/{Count}: {what}{job}; {string.Join(", ", Runs)}";
    }
}

/// <summary>
/// The state of a study submitted to Slurm, from its folder (which runs are complete, whether the
/// report exists) and from Slurm (its array tasks and gather job). A shard whose runs are complete
/// is done whatever Slurm says; one whose task waits or runs is left alone; any other shard that was
/// submitted has failed (its task ended with its runs incomplete: failed, cancelled, timed out,
/// or gone from Slurm's memory) and is resubmitted by rerunning the study command.
/// </summary>
public sealed record SlurmStatus(IReadOnlyList<ShardStatus> Shards, string? GatherJob, SlurmJobState? Gather, bool Reported)
{
    /// <summary>The shards whose array task failed.</summary>
    public IEnumerable<ShardStatus> Failed => Shards.Where(s => s.State == ShardState.Failed);
    /// <summary>Whether the gather job is still waiting or running.</summary>
    public bool GatherActive => Gather?.Active == true;

    /// <summary>Where each shard stands: done from the study folder, else from Slurm (squeue, then sacct).</summary>
    public static SlurmStatus Of(StudyFolder folder, StudyDefinition definition, SlurmJobs? jobs, IProcessRunner runner)
    {
        int count = definition.Runs.Count;
        var latest = Enumerable.Range(1, count).ToDictionary(i => i, i => jobs?.Latest(i));
        var gatherJob = jobs?.Submissions.LastOrDefault()?.GatherJob;
        var ids = latest.Where(p => p.Value is not null).Select(p => p.Value!.TaskId(p.Key)).ToList();
        if (gatherJob is not null) ids.Add(gatherJob);
        var states = SlurmQueue.States(runner, ids);
        var shards = latest.Select(p =>
        {
            var runs = new StudyShard(p.Key, count).Select(definition.Runs).Select(r => RunProgress.Of(folder, r)).ToList();
            var taskId = p.Value?.TaskId(p.Key);
            var slurm = taskId is not null && states.TryGetValue(taskId, out var s) ? s : null;
            var state = runs.All(r => r.Complete) ? ShardState.Done
                : taskId is null ? ShardState.NotSubmitted
                : slurm?.Waiting == true ? ShardState.Waiting
                : slurm?.Running == true ? ShardState.Running
                : ShardState.Failed;
            return new ShardStatus(p.Key, count, state, taskId, slurm, runs);
        }).ToList();
        var gather = gatherJob is not null && states.TryGetValue(gatherJob, out var g) ? g : null;
        return new SlurmStatus(shards, gatherJob, gather, File.Exists(Path.Combine(folder.ReportDirectory, "results.json")));
    }

    /// <summary>One line per shard and one for the gather job and report.</summary>
    public IEnumerable<string> Lines()
    {
        foreach (var shard in Shards) yield return $"  {shard}";
        yield return Reported && !GatherActive ? "  report: written"
            : GatherJob is null ? "  gather: not submitted"
            : $"  gather: job {GatherJob} {(Gather is null ? "no longer known to Slurm" : Gather.ToString())}";
    }

    /// <summary>
    /// When a shard failed: one line naming the failed shards and their tasks, that the gather job
    /// cannot write the report without them, and how to resubmit them; null otherwise.
    /// </summary>
    public string? FailureLine(string resubmit)
    {
        var failed = Failed.ToList();
        if (failed.Count == 0) return null;
        var names = string.Join(", ", failed.Select(s => $"{s.Index}/{s.Count} (job {s.TaskId} {(s.Slurm is null ? "gone" : s.Slurm.State)})"));
        return $"Shard(s) {names} ended with runs incomplete, so gather job {GatherJob ?? "(none)"} cannot write the report; {resubmit} to resubmit them from their last checkpoints.";
    }
}
