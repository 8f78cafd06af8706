using Emergence.Tests.Support;
using Emergence.Training;

namespace Emergence.Tests.Cli;

/// <summary>Bad option values: parse errors and values out of range or beyond the machine's memory, all one line and exit 2, before anything is written.</summary>
public partial class BadInputTests
{
    [Theory]
    [InlineData("--model", "huge", "Unknown model 'huge'")]
    [InlineData("--tasks", "DIV_L1", "Unknown task 'DIV'")]
    [InlineData("--tasks", "ADD_L7", "Unknown task-level 'ADD_L7'")]
    [InlineData("--steps", "0", "--steps 0 is out of range (allowed: 1 to 100000000)")]
    [InlineData("--steps", "-5", "--steps -5 is out of range (allowed: 1 to 100000000)")]
    [InlineData("--device", "tpu", "Unknown device 'tpu'")]
    [InlineData("--save-weights", "some", "Unknown --save-weights 'some'")]
    [InlineData("--loss-weighting", "mean", "Unknown --loss-weighting 'mean' (allowed: tokens, examples)")]
    [InlineData("--threads", "0", "--threads 0 is out of range (allowed: 1 to 1024)")]
    [InlineData("--steps", "1000000000000000000", "--steps 1000000000000000000 is out of range (allowed: 1 to 100000000)")]
    [InlineData("--steps", "9223372036854775807", "--steps 9223372036854775807 is out of range (allowed: 1 to 100000000)")]
    [InlineData("--checkpoint-every", "5000000000000000000", "--checkpoint-every 5000000000000000000 is out of range (allowed: 0 to 20, 0 for the paper's schedule, at most --steps)")]
    [InlineData("--batch", "100000000", "--batch 100000000 is out of range (allowed: 1 to 65536)")]
    [InlineData("--eval-per-task-level", "100000000", "--eval-per-task-level 100000000 is out of range (allowed: 1 to 1000000)")]
    [InlineData("--model", "custom:1000x100000x1", "--model custom:1000x100000x1 is out of range (allowed: at most 1024 layers and d_model 65536)")]
    [InlineData("--warmup", "50", "--warmup 50 is out of range (allowed: 1 to 20, at most --steps)")]
    [InlineData("--threads", "100000", "--threads 100000 is out of range (allowed: 1 to 1024)")]
    [InlineData("--steps", "abc", "--steps 'abc' is not a whole number of at most 9223372036854775807")]
    [InlineData("--steps", "99999999999999999999", "--steps '99999999999999999999' is not a whole number of at most 9223372036854775807")]
    [InlineData("--batch", "1.5", "--batch '1.5' is not a whole number of at most 2147483647")]
    [InlineData("--lr", "fast", "--lr 'fast' is not a number")]
    [InlineData("--out", "", "--out '' is empty (expected a folder path)")]
    [InlineData("--bogus", "1", "Unrecognized command or argument '--bogus'")]
    [InlineData("--stop-at", "0", "--stop-at 0 is out of range (allowed: 1 to 100000000)")]
    public void Bad_training_options_are_named(string option, string value, string expected)
    {
        using var dir = new TempDirectory();
        var args = new List<string> { "train", "--steps", "20", "--out", dir.Combine("run") };
        int existing = args.IndexOf(option);
        if (existing >= 0) args[existing + 1] = value; else args.AddRange([option, value]);
        var result = CliProcess.Run(args);
        CliProcess.AssertOneLineError(result, expected);
        Assert.Equal(2, result.ExitCode);
        Assert.False(Directory.Exists(dir.Combine("run")));
    }

    /// <summary>Runs whose model, batch or evaluation set cannot fit are refused with the estimate and the memory available, before any allocation.</summary>
    [Theory]
    [InlineData("--model", "custom:4x16384x16")]
    [InlineData("--batch", "60000")]
    [InlineData("--eval-per-task-level", "1000000")]
    public void A_run_too_large_for_the_memory_is_refused_with_both_numbers(string option, string value)
    {
        using var dir = new TempDirectory();
        // The machine is said to have 2 GB free, so the refusal does not depend on the machine running the test.
        var result = CliProcess.Run(["train", "--steps", "20", option, value, "--out", dir.Combine("run")],
            new Dictionary<string, string> { [MemoryEstimate.AvailableOverride] = "2000000000" }, timeoutSeconds: 60);
        CliProcess.AssertOneLineError(result, $"{option} {value}");
        Assert.Equal(2, result.ExitCode);
        Assert.Matches(@"needs an estimated [0-9.]+ GB of memory .* but this machine has 2\.0 GB available", result.Stderr);
        Assert.False(Directory.Exists(dir.Combine("run")));
    }

    [Fact]
    public void Tasks_refuses_a_listing_beyond_its_cap_and_streams_within_it()
    {
        var result = CliProcess.Run(["tasks", "--examples", "100000000"], timeoutSeconds: 60);
        CliProcess.AssertOneLineError(result, "--examples 100000000 is out of range (allowed: 1 to 100000)");
        Assert.Equal(2, result.ExitCode);
        var listing = CliProcess.Run(["tasks", "--examples", "2"]);
        Assert.Equal(0, listing.ExitCode);
        Assert.Equal(25, listing.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Theory]
    [InlineData("--jobs", "0", "--jobs 0 is out of range (allowed: 1 to 256)")]
    [InlineData("--threads", "-1", "--threads -1 is out of range (allowed: 1 to 1024)")]
    [InlineData("--out", "", "--out '' is empty (expected a folder path)")]
    [InlineData("--jobs", "many", "--jobs 'many' is not a whole number of at most 2147483647")]
    public void Bad_study_options_are_named(string option, string value, string expected)
    {
        using var dir = new TempDirectory();
        var args = new List<string> { "study", "--preset", "smoke", "--out", dir.Combine("study") };
        int existing = args.IndexOf(option);
        if (existing >= 0) args[existing + 1] = value; else args.AddRange([option, value]);
        var result = CliProcess.Run(args);
        CliProcess.AssertOneLineError(result, expected);
        Assert.Equal(2, result.ExitCode);
        Assert.False(Directory.Exists(dir.Combine("study")));
    }
}
