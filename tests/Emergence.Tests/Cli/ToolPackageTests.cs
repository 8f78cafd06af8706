using System.Diagnostics;
using Emergence.Tests.Support;

namespace Emergence.Tests.Cli;

/// <summary>
/// `dotnet pack` makes the library package and the `emergence` .NET tool; the tool installs into a
/// tool path and runs, natives included (a two-step training run loads libtorch).
/// </summary>
public class ToolPackageTests
{
    [Fact]
    [Trait(Category.Name, Category.Slow)]
    public void Packed_tool_installs_and_runs()
    {
        using var temp = new TempDirectory();
        string feed = temp.Combine("nupkg"), tools = temp.Combine("tools");
        // The projects are built next to the tests, in the tests' configuration (bin/<Configuration>/net10.0).
        string configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        foreach (var project in new[] { "Emergence", "Emergence.Cli" })
        {
            var pack = Run("dotnet", ["pack", RepositoryFiles.PathOf("src", project), "-c", configuration, "--no-build", "-o", feed], 900);
            Assert.True(pack.ExitCode == 0, pack.Stdout + pack.Stderr);
        }
        Assert.True(File.Exists(Path.Combine(feed, "Emergence.Core.0.1.0.nupkg")));
        Assert.True(File.Exists(Path.Combine(feed, "Emergence.Cli.0.1.0.nupkg")));

        var install = Run("dotnet", ["tool", "install", "--add-source", feed, "--tool-path", tools, "Emergence.Cli"], 600);
        Assert.True(install.ExitCode == 0, install.Stdout + install.Stderr);

        string emergence = Path.Combine(tools, "emergence");
        var tasks = Run(emergence, ["tasks", "--examples", "2"], 120);
        Assert.True(tasks.ExitCode == 0, tasks.Stderr);
        Assert.StartsWith("vocabulary (41 tokens): 0:<pad> 1:<bos> 2:<eos>", tasks.Stdout);
        Assert.Contains("COPY_L1", tasks.Stdout);
        Assert.Contains("SORT_L3", tasks.Stdout);

        var train = Run(emergence, ["train", "--steps", "2", "--out", temp.Combine("run"), "--eval-per-task-level", "10",
            "--checkpoint-every", "1", "--threads", "1", "--save-weights", "none"], 300);
        Assert.True(train.ExitCode == 0, train.Stderr);
        Assert.Contains("run stored in", train.Stdout);
    }

    private static CliProcess.Result Run(string file, IEnumerable<string> args, int timeoutSeconds)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["CI"] = "true";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return CliProcess.Run(info, timeoutSeconds);
    }
}
