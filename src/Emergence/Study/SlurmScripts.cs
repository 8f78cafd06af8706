using System.Text;

namespace Emergence.Study;

/// <summary>
/// The two batch scripts of a study on Slurm, written into <c>DIR/slurm/</c>. <c>shards.sbatch</c>
/// runs one shard per array task (<c>emergence study ... --shard $SLURM_ARRAY_TASK_ID/n</c>, which
/// continues its runs from their last checkpoints); <c>gather.sbatch</c> writes the report
/// (<c>--report-only</c>). Which tasks run and what the gather job waits for are given on the
/// <c>sbatch</c> command line (<c>--array</c>, <c>--dependency</c>), so the scripts stay the same
/// across resubmissions. Logs go to <c>DIR/slurm/logs/</c>.
/// </summary>
public static class SlurmScripts
{
    /// <summary>File name of the array job's script.</summary>
    public const string ShardsFileName = "shards.sbatch";
    /// <summary>File name of the gather job's script.</summary>
    public const string GatherFileName = "gather.sbatch";

    /// <summary>
    /// The array job's script: <paramref name="program"/> (see <see cref="SelfCommand"/>) runs
    /// <c>study</c> with <paramref name="studyArguments"/> (the preset, sizes, seeds... that define
    /// the study) on the folder, with the task's CPUs as threads, as shard <c>$SLURM_ARRAY_TASK_ID</c> of <paramref name="shardCount"/>.
    /// </summary>
    public static string Shards(StudyFolder folder, IReadOnlyList<string> program, IReadOnlyList<string> studyArguments,
        int shardCount, SlurmOptions options)
    {
        var text = Header(folder, "shards", options.CpusPerTask, options, Path.Combine(LogDirectory(folder), "shard-%a-job%A.out"));
        text.Append("exec ").AppendJoin(' ', program.Concat(["study", .. studyArguments, "--out", folder.Path,
            "--threads", options.CpusPerTask.ToString()]).Select(Quote));
        text.Append($" --shard \"${{SLURM_ARRAY_TASK_ID}}/{shardCount}\"\n");
        return text.ToString();
    }

    /// <summary>The gather job's script: the study's analysis and report, once every shard is done.</summary>
    public static string Gather(StudyFolder folder, IReadOnlyList<string> program, SlurmOptions options)
    {
        var text = Header(folder, "gather", 1, options, Path.Combine(LogDirectory(folder), "gather-job%j.out"));
        text.Append("exec ").AppendJoin(' ', program.Concat(["study", "--report-only", folder.Path]).Select(Quote)).Append('\n');
        return text.ToString();
    }

    /// <summary>Where the jobs' output files go, <c>slurm/logs</c>.</summary>
    public static string LogDirectory(StudyFolder folder) => Path.Combine(SlurmJobs.Directory(folder), "logs");

    /// <summary>One shell word: single-quoted, a quote inside written as '\''.</summary>
    public static string Quote(string word) => "'" + word.Replace("'", "'\\''") + "'";

    private static StringBuilder Header(StudyFolder folder, string part, int cpus, SlurmOptions options, string log)
    {
        var text = new StringBuilder("#!/bin/bash\n");
        text.Append($"# The {part} of the study {folder.Path}, written by emergence study --slurm; rerun that command to resubmit what failed.\n");
        text.Append($"#SBATCH --job-name=emergence-{part}\n");
        text.Append($"#SBATCH --chdir={folder.Path}\n");
        text.Append($"#SBATCH --output={log}\n");
        text.Append($"#SBATCH --cpus-per-task={cpus}\n");
        text.Append("#SBATCH --ntasks=1\n");
        if (options.Partition is { } partition) text.Append($"#SBATCH --partition={partition}\n");
        if (options.Time is { } time) text.Append($"#SBATCH --time={time}\n");
        text.Append("set -eu\n");
        return text;
    }
}
