using System.Globalization;
using Emergence.Study;

namespace Emergence.Cli;

/// <summary>
/// <c>emergence status DIR --cost</c>: a run's cost by part (<see cref="RunCostProjection"/>) as a
/// plain-text table (measured units, mean, median and latest seconds per unit, remaining units, remaining
/// time), then the whole run as configured and with every measure at every checkpoint, part by part.
/// </summary>
public static class CostTable
{
    /// <summary>The lines printed for one run's projection.</summary>
    public static IEnumerable<string> Describe(RunCostProjection projection)
    {
        var fit = projection.Training;
        var lengths = string.Join(", ", fit.Lengths.Select(l => $"{l.Steps:N0} steps: median {Seconds(l.Seconds)} s of {l.Count}"));
        yield return projection.Recorded is { } recorded
            ? $"  cost by part at step {projection.Step:N0}: training and checkpoint overhead as recorded ({recorded.Steps:N0} steps, {recorded.Checkpoints:N0} checkpoints)"
            : $"  cost by part at step {projection.Step:N0}: {fit.Intervals} checkpoint intervals" +
              (fit.Excluded > 0 ? $", {fit.Excluded} across a resume left out" : "") +
              (fit.Lengths.Count == 0 ? "" : $" (fitted: {lengths})") +
              (fit.Identified || fit.Lengths.Count == 0 ? "" : "; one interval length only, so steps and checkpoint overhead are not told apart: a range");
        var rows = new List<string[]> { new[] { "part", "unit", "measured", "s/unit", "median s", "latest s", "remaining", "remaining time" } };
        rows.AddRange(projection.Remaining().Select(p => new[]
        {
            p.Name, p.Unit, $"{p.MeasuredUnits:N0}", p.SecondsPerUnit is double s ? Seconds(s) : "unknown",
            p.MedianSecondsPerUnit is double m ? Seconds(m) : "-", p.LatestSecondsPerUnit is double l ? Seconds(l) : "-", $"{p.Units:N0}", p.Seconds is { } t ? StatusCommand.Duration(t) : "unknown",
        }));
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
            yield return "    " + string.Join("  ", row.Select((cell, c) => c < 2 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c])));
        if (projection.RemainingTime() is { } remaining)
            yield return $"    remaining: {Total(remaining)}";
        var configured = projection.Selection?.ToString() is { Length: > 0 } text ? text : projection.Selection is null ? "measures not recorded" : "no measures";
        yield return $"    whole run as configured ({configured}): {Whole(projection.WholeRun())}";
        yield return $"    whole run with every measure at every checkpoint: {Whole(projection.WholeRun(projection.EveryMeasureAtEveryCheckpoint()))}";
    }

    private static string Whole(IReadOnlyList<CostPart> parts) =>
        $"{Total(CostPart.Total(parts))} = " + string.Join(", ", parts.Select(p => $"{p.Name} {(p.Seconds is { } t ? StatusCommand.Duration(t) : "unknown")}"));

    private static string Total((SecondsRange Known, IReadOnlyList<string> Unknown) total) =>
        StatusCommand.Duration(total.Known) + (total.Unknown.Count > 0 ? $" + {string.Join(", ", total.Unknown)} (not measured yet)" : "");

    private static string Seconds(double seconds) =>
        seconds.ToString(seconds >= 100 ? "0" : seconds >= 1 ? "0.0" : "0.000", CultureInfo.InvariantCulture);
}
