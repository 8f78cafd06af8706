using Emergence.Study;

namespace Emergence.Tests.Study;

/// <summary>The batch scripts of a study on Slurm, the checks of the Slurm options, and the parsing of squeue and sacct.</summary>
public class SlurmScriptTests
{
    private static readonly StudyFolder Folder = new("/data/studies/nano");
    private static readonly string[] Program = ["/usr/bin/dotnet", "/opt/emergence/emergence.dll"];

    [Fact]
    public void The_shards_script_runs_one_shard_per_array_task_with_the_task_cpus_as_threads()
    {
        var text = SlurmScripts.Shards(Folder, Program, ["--preset", "nano", "--seeds", "0,1,2"], 3, new SlurmOptions("gpu-long", "2-00:00:00", 4));
        Assert.Equal("""
            #!/bin/bash
            # The shards of the study /data/studies/nano, written by emergence study --slurm; rerun that command to resubmit what failed.
            #SBATCH --job-name=emergence-shards
            #SBATCH --chdir=/data/studies/nano
            #SBATCH --output=/data/studies/nano/slurm/logs/shard-%a-job%A.out
            #SBATCH --cpus-per-task=4
            #SBATCH --ntasks=1
            #SBATCH --partition=gpu-long
            #SBATCH --time=2-00:00:00
            set -eu
            exec '/usr/bin/dotnet' '/opt/emergence/emergence.dll' 'study' '--preset' 'nano' '--seeds' '0,1,2' '--out' '/data/studies/nano' '--threads' '4' --shard "${SLURM_ARRAY_TASK_ID}/3"

            """, text);
    }

    [Fact]
    public void The_gather_script_writes_the_report_on_one_cpu_and_leaves_out_what_was_not_asked()
    {
        var text = SlurmScripts.Gather(Folder, ["/opt/emergence/emergence"], new SlurmOptions(null, null, 8));
        Assert.Equal("""
            #!/bin/bash
            # The gather of the study /data/studies/nano, written by emergence study --slurm; rerun that command to resubmit what failed.
            #SBATCH --job-name=emergence-gather
            #SBATCH --chdir=/data/studies/nano
            #SBATCH --output=/data/studies/nano/slurm/logs/gather-job%j.out
            #SBATCH --cpus-per-task=1
            #SBATCH --ntasks=1
            set -eu
            exec '/opt/emergence/emergence' 'study' '--report-only' '/data/studies/nano'

            """, text);
    }

    [Fact]
    public void A_word_with_a_quote_stays_one_shell_word()
    {
        Assert.Equal("'it'\\''s'", SlurmScripts.Quote("it's"));
        Assert.Equal("'$HOME;rm'", SlurmScripts.Quote("$HOME;rm"));
    }

    [Theory]
    [InlineData("04:00:00")]
    [InlineData("90")]
    [InlineData("2-00:00:00")]
    [InlineData("1-12")]
    public void Slurm_time_formats_are_accepted(string time) => Assert.Equal(time, SlurmOptions.Parse(null, time, 1).Time);

    [Theory]
    [InlineData("four hours", null, 1, "Bad --time 'four hours' (expected minutes, HH:MM:SS or D-HH:MM:SS")]
    [InlineData("1:00:00:00", null, 1, "Bad --time '1:00:00:00'")]
    [InlineData(null, "debug;rm", 1, "Bad --partition 'debug;rm'")]
    [InlineData(null, null, 0, "--cpus-per-task 0 is out of range (allowed: 1 to 1024)")]
    public void Bad_slurm_options_are_named(string? time, string? partition, int cpus, string expected) =>
        Assert.StartsWith(expected, Assert.Throws<ArgumentException>(() => SlurmOptions.Parse(partition, time, cpus)).Message);

    [Fact]
    public void Squeue_lines_give_each_task_its_state_and_reason()
    {
        var states = SlurmQueue.ParseSqueue(new ProcessOutcome(0, "12_1|RUNNING|None\n12_2|PENDING|Resources\n13|PENDING|Dependency\n", ""))
            .ToDictionary(p => p.Id, p => p.State);
        Assert.Equal(3, states.Count);
        Assert.True(states["12_1"].Running);
        Assert.Equal(new SlurmJobState("PENDING", "Resources"), states["12_2"]);
        Assert.True(states["13"].Waiting);
        Assert.Empty(SlurmQueue.ParseSqueue(new ProcessOutcome(1, "", "slurm_load_jobs error: Invalid job id specified")));
    }

    [Fact]
    public void Sacct_states_keep_their_first_word()
    {
        var states = SlurmQueue.ParseSacct(new ProcessOutcome(0, "12_1|COMPLETED\n12_2|CANCELLED by 0\n12_3|TIMEOUT\n", "")).ToDictionary(p => p.Id, p => p.State);
        Assert.Equal("CANCELLED", states["12_2"].State);
        Assert.False(states["12_3"].Active);
        Assert.Empty(SlurmQueue.ParseSacct(new ProcessOutcome(1, "", "Slurm accounting storage is disabled")));
    }
}
