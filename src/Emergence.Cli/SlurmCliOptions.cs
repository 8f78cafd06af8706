using System.CommandLine;
using Emergence.Study;

namespace Emergence.Cli;

/// <summary>
/// The Slurm options of <c>emergence study</c>: <c>--slurm</c> submits the study as an array job
/// and a gather job (see <see cref="SlurmSubmitter"/>), <c>--slurm-status DIR</c> says where a
/// submitted study stands. The work is the library's; this only reads the options.
/// </summary>
public sealed class SlurmCliOptions
{
    public Option<bool> Slurm { get; } = new("--slurm") { Description = "Submit the study to Slurm: an array job, one task per run, and a gather job that writes the report; rerun to resubmit failed tasks (docs/slurm.md)" };
    public Option<string?> Partition { get; } = new("--partition") { Description = "With --slurm: the partition (default: the cluster's)" };
    public Option<string?> Time { get; } = new("--time") { Description = "With --slurm: each task's time limit, e.g. 04:00:00 (default: the partition's)" };
    public Option<int> CpusPerTask { get; } = new("--cpus-per-task") { Description = "With --slurm: CPUs of each task, used as its training threads", DefaultValueFactory = _ => 1 };
    public Option<string?> Status { get; } = new("--slurm-status") { Description = "Say which shards of a study submitted with --slurm are done, waiting, running or failed" };

    public IEnumerable<Option> All => [Slurm, Partition, Time, CpusPerTask, Status];

    /// <summary>The options, checked; and the cluster, checked before anything is written.</summary>
    public SlurmOptions Check(ParseResult parse, StudyShard shard, StudyFolder folder)
    {
        if (shard != StudyShard.Whole)
            throw new ArgumentException($"--shard {shard} cannot be given with --slurm (it makes one shard per run itself).");
        var options = SlurmOptions.Parse(parse.GetValue(Partition), parse.GetValue(Time), parse.GetValue(CpusPerTask));
        SlurmSubmitter.CheckFolder(folder);
        new SlurmSubmitter(new SystemProcessRunner(), Console.WriteLine).CheckCluster(options);
        return options;
    }

    /// <summary>Refuses the options of <c>--slurm</c> given without it (they would do nothing).</summary>
    public void RefuseWithoutSlurm(ParseResult parse)
    {
        foreach (var option in new Option[] { Partition, Time, CpusPerTask })
            if (parse.GetResult(option) is { Implicit: false })
                throw new ArgumentException($"{option.Name} is an option of --slurm; add --slurm to submit the study to Slurm.");
    }

    /// <summary>Submits what the prepared study still needs, after printing where it stands.</summary>
    public static int Submit(StudyFolder folder, StudyDefinition definition, IReadOnlyList<string> studyArguments, SlurmOptions options)
    {
        var status = new SlurmSubmitter(new SystemProcessRunner(), Console.WriteLine).Submit(folder, definition, studyArguments, options);
        foreach (var line in status.Lines()) Console.WriteLine(line);
        Console.WriteLine($"where it stands: emergence study --slurm-status {folder.Path}");
        return 0;
    }

    /// <summary>Prints where a submitted study stands; one error line (exit 2) when a shard failed.</summary>
    public static int PrintStatus(string path)
    {
        var folder = new StudyFolder(path);
        var definition = folder.Load() ?? throw new ArgumentException($"No study.json in {folder.Path}: not a study folder.");
        var jobs = SlurmJobs.Load(folder) ?? throw new ArgumentException($"No Slurm jobs in {folder.Path}: the study was not submitted with --slurm.");
        var status = SlurmStatus.Of(folder, definition, jobs, new SystemProcessRunner());
        Console.WriteLine($"study {folder.Path} on Slurm: {definition.Runs.Count} shard(s)");
        foreach (var line in status.Lines()) Console.WriteLine(line);
        if (status.FailureLine("rerun the study command with --slurm") is { } failure) throw new ArgumentException(failure);
        return 0;
    }
}
