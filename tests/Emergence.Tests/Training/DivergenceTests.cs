using System.Text.Json.Nodes;
using Emergence.Storage;
using Emergence.Tests.Support;

namespace Emergence.Tests.Training;

/// <summary>
/// Divergence: a tiny run at a huge learning rate stops at the step where the loss (or gradient
/// norm) becomes non-finite, with one line naming the step and quantity and exit code 3; the store
/// records it, analysis names the run as diverged, and resuming it is refused.
/// </summary>
public sealed class DivergenceTests
{
    private static string[] Train(string output, string lr, string model = "nano") =>
        ["train", "--model", model, "--steps", "40", "--checkpoint-every", "2", "--eval-per-task-level", "5", "--threads", "1",
         "--tasks", "COPY_L1,REV_L1", "--lr", lr, "--out", output];

    [Fact]
    public void A_huge_learning_rate_stops_the_run_at_the_diverging_step_and_analysis_names_it()
    {
        using var dir = new TempDirectory();
        var run = dir.Combine("run");
        var result = CliProcess.Run(Train(run, "100"));
        Assert.Equal(3, result.ExitCode);
        CliProcess.AssertOneLineError(result, "training diverged at step ");
        Assert.DoesNotContain("Cannot store", result.Stderr);

        Divergence divergence;
        IReadOnlyList<long> checkpoints;
        using (var store = RunStore.Open(Path.Combine(run, "run.db"), readOnly: true))
        {
            divergence = store.Divergence()!;
            checkpoints = [.. store.Checkpoints().Select(c => c.Step)];
            Assert.All(store.StepLosses(), l => Assert.True(double.IsFinite(l.Loss) && l.Step < divergence.Step));
        }
        Assert.NotNull(divergence);
        Assert.Contains($"training diverged at step {divergence.Step}: ", result.Stderr);
        Assert.Contains(divergence.Quantity == RunStore.TrainLoss ? "the loss is " : "the gradient norm is ", result.Stderr);
        Assert.All(checkpoints, s => Assert.True(s < divergence.Step));
        Assert.Equal(Enumerable.Range(0, (int)((divergence.Step - 1) / 2) + 1).Select(i => 2L * i), checkpoints);

        var analysis = dir.Combine("analysis");
        var analyze = CliProcess.Run(["analyze", run, "--out", analysis]);
        Assert.True(analyze.ExitCode == 0, analyze.Stderr);
        Assert.Contains($"diverged at step {divergence.Step} ({divergence.Quantity} {divergence.Value}): its last checkpoint is step {checkpoints[^1]}",
            File.ReadAllText(Path.Combine(analysis, "tables.md")));
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(analysis, "results.json")))!["runs"]![0]!;
        Assert.Equal($"diverged at step {divergence.Step} ({divergence.Quantity} {divergence.Value})", (string?)summary["diverged"]);

        CliProcess.AssertOneLineError(CliProcess.Run([.. Train(run, "100"), "--resume"]), $"diverged at step {divergence.Step}");
    }

    [Fact]
    public void A_start_that_fails_leaves_nothing_and_the_corrected_rerun_just_works()
    {
        using var dir = new TempDirectory();
        var run = dir.Combine("run");
        var failed = CliProcess.Run(Train(run, "1e-3", model: "custom:1x200000x1")); // a 480 GB weight cannot be allocated
        Assert.NotEqual(0, failed.ExitCode);
        Assert.False(Directory.Exists(run), "the failed start left " + string.Join(", ", Directory.Exists(run) ? Directory.EnumerateFileSystemEntries(run) : []));

        var rerun = CliProcess.Run(Train(run, "1e-3"));
        Assert.True(rerun.ExitCode == 0, rerun.Stderr);
        using var store = RunStore.Open(Path.Combine(run, "run.db"), readOnly: true);
        Assert.Equal(40, store.LastCheckpointStep());
        Assert.Null(store.Divergence());
    }
}
