namespace Emergence.Reporting;

/// <summary>A generic figure: any measure over training (log-step axis), one line per series.</summary>
/// <param name="Name">File-name stem, e.g. "fisher_erank_nano" (letters, digits, '_' and '-').</param>
/// <param name="Title">Figure title.</param>
/// <param name="YLabel">Y axis label (the measure and its unit).</param>
/// <param name="Series">The lines, one per series.</param>
/// <param name="ShadeUntilStep">Shades steps up to this one (e.g. the collapse window), when given.</param>
/// <param name="LogY">Plots the values on a log10 axis (non-positive values are dropped).</param>
public sealed record MetricTrajectory(string Name, string Title, string YLabel, IReadOnlyList<TrajectorySeries> Series,
    long? ShadeUntilStep = null, bool LogY = false);
