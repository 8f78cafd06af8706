using System.Diagnostics;
using Emergence.Models;
using Emergence.Storage;
using TorchSharp;

namespace Emergence.Measures;

/// <summary>Seconds per checkpoint of each geometric measure on one model (<c>emergence bench measures</c>).</summary>
public static class MeasureTimings
{
    /// <summary>The paper's per-checkpoint costs on nano on its GPU, in seconds (PROTOCOL §4).</summary>
    public static IReadOnlyDictionary<MeasureKind, double> PaperSeconds { get; } = new Dictionary<MeasureKind, double>
    {
        [MeasureKind.RankMe] = 1, [MeasureKind.Fisher] = 85, [MeasureKind.Llc] = 11, [MeasureKind.Hessian] = 30, [MeasureKind.GradCov] = 15,
    };

    /// <summary>
    /// Times each of <paramref name="kinds"/> <paramref name="repeats"/> times on <paramref name="model"/> (on the CPU)
    /// and returns the fastest seconds of each. Fisher and gradcov come from the same per-example
    /// gradients, so they are timed together, as a checkpoint runs them, and each gets half. Every
    /// timing is described to <paramref name="timing"/> (wall and process CPU seconds: CPU time is
    /// less sensitive than wall time to other processes' load).
    /// </summary>
    public static IReadOnlyDictionary<MeasureKind, double> Fastest(Gpt model, MeasureSettings settings, IReadOnlySet<MeasureKind> kinds,
        int repeats, Action<string> timing)
    {
        if (repeats < 1) throw new ArgumentException($"--repeats must be at least 1, got {repeats}.");
        using var measures = new CheckpointMeasures(new MeasureSelection(MeasureSelection.All.ToHashSet(), new Dictionary<MeasureKind, int>()), torch.CPU, settings);
        measures.Measure(0, model, new HashSet<MeasureKind> { MeasureKind.RankMe });   // warm-up, builds the diagnostic set
        var groups = new List<HashSet<MeasureKind>>();
        foreach (var kind in MeasureSelection.All.Where(kinds.Contains))
        {
            if (kind == MeasureKind.GradCov && groups.Find(g => g.Contains(MeasureKind.Fisher)) is { } shared) shared.Add(kind);
            else groups.Add([kind]);
        }
        var best = new Dictionary<MeasureKind, double>();
        for (int r = 0; r < repeats; r++)
            foreach (var group in groups)
            {
                var clock = Stopwatch.StartNew();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var rows = measures.Measure(0, model, group);
                double total = clock.Elapsed.TotalSeconds, cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
                foreach (var kind in group)
                {
                    double seconds = rows.Single(row => row.Name == MetricNames.CostSeconds(MeasureSelection.NameOf(kind))).Value;
                    best[kind] = Math.Min(best.GetValueOrDefault(kind, double.PositiveInfinity), seconds);
                }
                timing($"timing {r + 1}: {string.Join("+", group.Select(MeasureSelection.NameOf))} {total:F2} s wall, {cpuSeconds:F2} s CPU");
            }
        return best;
    }

    /// <summary>
    /// Seconds of the per-example gradients of the diagnostic set (<paramref name="perTaskLevel"/> examples
    /// per task-level): by one batched pass, and by one backward pass per example timed on the first
    /// <paramref name="loopedLevels"/> task-levels and scaled to all of them.
    /// </summary>
    public static (double Batched, double Looped) PerExampleGradients(Gpt model, int perTaskLevel, int loopedLevels)
    {
        if (loopedLevels < 1) throw new ArgumentException($"Looped task-levels must be at least 1 (got {loopedLevels}).");
        using var set = new DiagnosticSet(torch.CPU, perTaskLevel);
        var clock = Stopwatch.StartNew();
        foreach (var (_, _, batch) in set.Levels) { using var s = torch.NewDisposeScope(); _ = PerSampleGradients.Batched(model, batch); }
        double batched = clock.Elapsed.TotalSeconds;
        int looped = Math.Min(loopedLevels, set.Levels.Count);
        clock.Restart();
        foreach (var (_, _, batch) in set.Levels.Take(looped)) { using var s = torch.NewDisposeScope(); _ = PerSampleGradients.Looped(model, batch); }
        return (batched, clock.Elapsed.TotalSeconds * set.Levels.Count / looped);
    }
}
