using Emergence.Tests.Support;

namespace Emergence.Tests.Cli;

/// <summary>Bad LLC settings fail before training starts, with one line naming the value.</summary>
public class LlcOptionTests
{
    [Theory]
    [InlineData("--llc-epsilon", "0", "LLC step size epsilon must be a positive number (got 0).")]
    [InlineData("--llc-chains", "0", "LLC chains must be at least 1 (got 0).")]
    [InlineData("--llc-init-batches", "0", "LLC L(w*) batches must be between 1 and 1000000 (got 0).")]
    public void Bad_llc_options_are_named_before_training(string option, string value, string expected)
    {
        using var dir = new TempDirectory();
        var result = CliProcess.Run(["train", "--steps", "20", "--measures", "llc", option, value, "--out", dir.Combine("run")]);
        CliProcess.AssertOneLineError(result, expected);
        Assert.False(File.Exists(dir.Combine("run", "run.db")));
    }
}
