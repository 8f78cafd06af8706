using System.Text.RegularExpressions;

namespace Emergence.Study;

/// <summary>
/// What <c>study --slurm</c> asks of the cluster for each shard's array task: a partition (the
/// cluster's default when null), a time limit (Slurm's forms: minutes, HH:MM:SS, D-HH:MM:SS...;
/// the partition's default when null) and the CPUs of one task, which are also the shard's
/// training threads.
/// </summary>
public sealed partial record SlurmOptions(string? Partition, string? Time, int CpusPerTask)
{
    /// <summary>Largest <c>--cpus-per-task</c> accepted.</summary>
    public const int MaxCpusPerTask = 1_024;

    /// <summary>The options, or one line naming the bad value and what is allowed.</summary>
    public static SlurmOptions Parse(string? partition, string? time, int cpusPerTask)
    {
        if (partition is not null && !PartitionName().IsMatch(partition))
            throw new ArgumentException($"Bad --partition '{partition}' (expected a Slurm partition name: letters, digits, '-', '_' or '.').");
        if (time is not null && !TimeLimit().IsMatch(time))
            throw new ArgumentException($"Bad --time '{time}' (expected minutes, HH:MM:SS or D-HH:MM:SS, e.g. 04:00:00).");
        if (cpusPerTask < 1 || cpusPerTask > MaxCpusPerTask)
            throw new ArgumentException($"--cpus-per-task {cpusPerTask} is out of range (allowed: 1 to {MaxCpusPerTask}).");
        return new SlurmOptions(partition, time, cpusPerTask);
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]+$")]
    private static partial Regex PartitionName();

    /// <summary>Slurm's time formats: M, M:S, H:M:S, D-H, D-H:M, D-H:M:S.</summary>
    [GeneratedRegex(@"^(\d+(:\d{1,2}){0,2}|\d+-\d{1,2}(:\d{1,2}){0,2})$")]
    private static partial Regex TimeLimit();
}
