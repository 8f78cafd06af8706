using System.Diagnostics;

namespace Emergence.Tests.Support;

/// <summary>Runs the real `emergence` program (built next to the tests) in a child process.</summary>
public static class CliProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static ProcessStartInfo StartInfo(IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "emergence.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["CI"] = "true";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) info.Environment[k] = v;
        return info;
    }

    public static Result Run(IEnumerable<string> args, IDictionary<string, string>? environment = null, int timeoutSeconds = 300) =>
        Run(StartInfo(args, environment), timeoutSeconds);

    /// <summary>Runs any program to its end (killed after the timeout), collecting its output.</summary>
    public static Result Run(ProcessStartInfo info, int timeoutSeconds)
    {
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{info.FileName} {string.Join(' ', info.ArgumentList)} did not finish in {timeoutSeconds}s");
        }
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>
    /// Starts <paramref name="args"/>, sends it SIGTERM (to it alone, as <c>kill PID</c> does) once
    /// <paramref name="ready"/> holds, and collects its output; fails if it ends before that or is
    /// still running 60 s after the signal.
    /// </summary>
    public static Result RunUntilTerminated(IEnumerable<string> args, Func<bool> ready)
    {
        using var process = Process.Start(StartInfo(args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!process.HasExited && DateTime.UtcNow < deadline && !ready()) Thread.Sleep(50);
        Assert.False(process.HasExited, "the process ended before it could be sent SIGTERM");
        using (var kill = Process.Start(new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", $"kill -TERM {process.Id}" } })!)
        {
            kill.WaitForExit();
            Assert.Equal(0, kill.ExitCode);
        }
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the process did not end within 60 s of SIGTERM");
        }
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Bad input: a non-zero exit and exactly one line on stderr, containing <paramref name="expected"/>.</summary>
    public static void AssertOneLineError(Result result, string expected)
    {
        Assert.NotEqual(0, result.ExitCode);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got:\n{result.Stderr}");
        Assert.Contains(expected, lines[0]);
    }
}
