using System.Diagnostics;

namespace Emergence.Training;

/// <summary>
/// Fault injection for crash-safety tests: with <c>EMERGENCE_CRASH_AT=stage:step</c> in the
/// environment (stages: before-weights, before-state, before-commit, after-commit), the process
/// kills itself (SIGKILL, no cleanup) when the trainer reaches that stage of that checkpoint.
/// </summary>
internal static class CrashPoint
{
    private static readonly string? Target = Environment.GetEnvironmentVariable("EMERGENCE_CRASH_AT");

    public static void Hit(string stage, long step)
    {
        if (Target is not null && Target == $"{stage}:{step}")
            Process.GetCurrentProcess().Kill();
    }
}
