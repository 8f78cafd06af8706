using System.Diagnostics;

namespace Emergence.Cli;

/// <summary>Wall-clock timing for the benchmarks.</summary>
internal static class Stopwatches
{
    /// <summary>Seconds that <paramref name="action"/> took.</summary>
    public static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    }
}
