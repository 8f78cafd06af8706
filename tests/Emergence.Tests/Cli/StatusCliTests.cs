using System.Diagnostics;
using System.Text.RegularExpressions;
using Emergence.Storage;
using Emergence.Tests.Support;

namespace Emergence.Tests.Cli;

/// <summary><c>emergence status</c> on a run being trained by another process, and on bad input.</summary>
[Trait(Category.Name, Category.Slow)]
public class StatusCliTests
{
    [Fact]
    public async Task Status_follows_a_run_while_its_trainer_writes_without_disturbing_it()
    {
        using var dir = new TempDirectory();
        var folder = new RunFolder(dir.Path);
        using var trainer = Process.Start(CliProcess.StartInfo(["train", "--steps", "100000", "--checkpoint-every", "10",
            "--eval-per-task-level", "5", "--tasks", "COPY_L1,REV_L1", "--threads", "1", "--out", dir.Path]))!;
        _ = trainer.StandardOutput.ReadToEndAsync();
        var trainerErrors = trainer.StandardError.ReadToEndAsync();
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(180);
            while (!HasConfiguration(folder)) // the store and its meta row are created in the trainer's first moments
            {
                Assert.True(DateTime.UtcNow < deadline && !trainer.HasExited, "no run store");
                Thread.Sleep(50);
            }
            var seen = new List<long>();
            while (seen.Count < 4 || seen[^1] < 40)
            {
                Assert.True(DateTime.UtcNow < deadline && !trainer.HasExited, trainer.HasExited ? await trainerErrors : "timed out");
                var status = CliProcess.Run(["status", dir.Path]);
                Assert.True(status.ExitCode == 0, status.Stderr);
                Assert.Equal("", status.Stderr);
                var match = Regex.Match(status.Stdout, @"step ([\d,]+) of 100,000");
                if (match.Success) seen.Add(long.Parse(match.Groups[1].Value.Replace(",", "")));
                else Assert.Contains("no checkpoint committed yet", status.Stdout);
                if (seen.Count >= 2 && seen[^1] > 0)
                {
                    Assert.Matches(@"[\d.]+ steps/s, ETA (\d+h \d\dm|\d+m \d\ds|\d+s)", status.Stdout);
                    Assert.Contains("over 2 task-levels", status.Stdout);
                }
                Thread.Sleep(300);
            }
            Assert.Equal(seen.Order(), seen); // never goes back
            Assert.False(trainer.HasExited, "the trainer stopped while being read");
            // the trainer kept committing checkpoints after the reads
            long lastSeen = seen[^1];
            var after = DateTime.UtcNow.AddSeconds(120);
            while (RunFolder.StepsIn(folder.ResumeDirectory, ".state").DefaultIfEmpty().Max() <= lastSeen)
            {
                Assert.True(DateTime.UtcNow < after && !trainer.HasExited, "no checkpoint after the reads");
                Thread.Sleep(100);
            }
        }
        finally
        {
            if (!trainer.HasExited) trainer.Kill(entireProcessTree: true);
            trainer.WaitForExit();
        }
        Assert.DoesNotContain("database is locked", await trainerErrors);
    }

    private static bool HasConfiguration(RunFolder folder)
    {
        if (!folder.HasStore) return false;
        try
        {
            using var store = RunStore.Open(folder.StorePath, readOnly: true);
            return store.Meta("config") is not null;
        }
        catch (StoreException)
        {
            return false;
        }
    }

    [Fact]
    public void Status_of_a_folder_that_is_no_run_or_study_is_one_line_and_exit_2()
    {
        using var dir = new TempDirectory();
        var result = CliProcess.Run(["status", dir.Path]);
        Assert.Equal(2, result.ExitCode);
        CliProcess.AssertOneLineError(result, "is not a run folder (no run.db) or a study folder (no study.json)");
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }
}
