namespace Emergence.Study;

/// <summary>
/// Slurm's state of jobs and array tasks (PENDING, RUNNING, COMPLETED, FAILED, CANCELLED,
/// TIMEOUT...), asked of <c>squeue</c> (which also lists jobs that ended within the cluster's
/// MinJobAge) and, for jobs it no longer lists, of <c>sacct</c> where the cluster keeps accounting.
/// A job neither knows is absent from the answer.
/// </summary>
public static class SlurmQueue
{
    /// <summary>State (and, for a waiting job, Slurm's reason) by job or array-task id, e.g. "123_2".</summary>
    public static IReadOnlyDictionary<string, SlurmJobState> States(IProcessRunner runner, IReadOnlyCollection<string> jobIds)
    {
        var states = new Dictionary<string, SlurmJobState>();
        if (jobIds.Count == 0) return states;
        var list = string.Join(',', jobIds.Select(BaseJob).Distinct());
        if (runner.Exists("squeue"))
            foreach (var (id, state) in ParseSqueue(runner.Run("squeue", ["--noheader", "--array", "--states=all", "--jobs", list, "--format=%i|%T|%r"])))
                states[id] = state;
        if (jobIds.Any(id => !states.ContainsKey(id)) && runner.Exists("sacct"))
            foreach (var (id, state) in ParseSacct(runner.Run("sacct", ["--noheader", "--parsable2", "--allocations", "--jobs", list, "--format=JobID,State"])))
                states.TryAdd(id, state);
        return states;
    }

    /// <summary>The job of an array task id: "123" of "123_2".</summary>
    public static string BaseJob(string id) => id.Split('_')[0];

    /// <summary>Lines "id|STATE|reason" of squeue; nothing when squeue failed (it does when it knows none of the jobs).</summary>
    public static IEnumerable<(string Id, SlurmJobState State)> ParseSqueue(ProcessOutcome outcome) =>
        outcome.ExitCode != 0 ? [] : Fields(outcome.Stdout, 3).Select(f => (f[0], new SlurmJobState(f[1], f[2] is "None" or "" ? null : f[2])));

    /// <summary>Lines "id|STATE" of sacct, where a state may carry words ("CANCELLED by 0"); nothing when sacct failed (no accounting).</summary>
    public static IEnumerable<(string Id, SlurmJobState State)> ParseSacct(ProcessOutcome outcome) =>
        outcome.ExitCode != 0 ? [] : Fields(outcome.Stdout, 2).Select(f => (f[0], new SlurmJobState(f[1].Split(' ')[0], null)));

    private static IEnumerable<string[]> Fields(string text, int count) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('|'))
            .Where(f => f.Length >= count && f[0].Length > 0);
}

/// <summary>A job's state as Slurm names it, and why it waits (squeue's reason), if it does.</summary>
public sealed record SlurmJobState(string State, string? Reason)
{
    /// <summary>Queued or held, not yet running.</summary>
    public bool Waiting => State is "PENDING" or "CONFIGURING" or "REQUEUED" or "REQUEUE_HOLD" or "REQUEUE_FED" or "RESIZING" or "SUSPENDED";
    /// <summary>Running or finishing.</summary>
    public bool Running => State is "RUNNING" or "COMPLETING" or "STAGE_OUT" or "SIGNALING";
    /// <summary>Waiting or running: the job has not ended.</summary>
    public bool Active => Waiting || Running;

    /// <summary>The state, with Slurm's reason when it gave one.</summary>
    public override string ToString() => Reason is null ? State : $"{State}, {Reason}";
}
