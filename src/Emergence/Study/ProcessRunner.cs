using System.Diagnostics;

namespace Emergence.Study;

/// <summary>What a finished command printed and returned.</summary>
public sealed record ProcessOutcome(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The last non-empty line of standard error, else of standard output: what a failing command says.</summary>
    public string LastErrorLine => LastLine(Stderr) ?? LastLine(Stdout) ?? "(no output)";

    private static string? LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
}

/// <summary>Finds and runs external commands (the cluster's sbatch, squeue, sacct...); tests give a fake.</summary>
public interface IProcessRunner
{
    /// <summary>Whether <paramref name="program"/> is an executable file on PATH.</summary>
    bool Exists(string program);

    /// <summary>Runs <paramref name="program"/> with <paramref name="arguments"/> to its end and returns its exit code and output.</summary>
    ProcessOutcome Run(string program, IReadOnlyList<string> arguments);
}

/// <summary>Runs commands found on this process's PATH, waiting for each to end.</summary>
public sealed class SystemProcessRunner : IProcessRunner
{
    /// <inheritdoc/>
    public bool Exists(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .Any(path => File.Exists(path) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0));

    /// <inheritdoc/>
    public ProcessOutcome Run(string program, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new ProcessOutcome(process.ExitCode, stdout.Result, stderr.Result);
    }
}
