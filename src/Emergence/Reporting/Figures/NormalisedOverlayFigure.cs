using Emergence.Reporting.Plotting;
using ScottPlot;

namespace Emergence.Reporting.Figures;

/// <summary>Figure 4a: several measures of one task and size, each min-max normalised, on one axis.</summary>
internal static class NormalisedOverlayFigure
{
    public const string Name = "fig4a_normalised_overlay";

    public static FigureSpec Build(NormalisedOverlay data)
    {
        var plot = FigureStyle.NewPlot($"{data.Task} on {data.Size}", "training step", "min-max normalised value");
        var extents = data.Series.Select((s, i) =>
            TrajectoryPlotting.AddLine(plot, s, FigureStyle.SeriesColor(i), transform: MinMax)).ToList();
        var (min, max) = TrajectoryPlotting.Union(extents);
        if (data.EmergenceStep is { } step)
            TrajectoryPlotting.MarkStep(plot, step, Colors.Black, $"emergence (step {step:N0})");
        LogAxis.ApplyX(plot, min, max);
        plot.Axes.SetLimitsY(-0.05, 1.05);
        plot.ShowLegend(Edge.Right);
        return new FigureSpec(Name, $"Figure 4a. {string.Join(", ", data.Series.Select(s => s.Label))} of {data.Task} ({data.Size})",
            "Each measure is rescaled to [0, 1] by its own minimum and maximum over the run so that their timing can be compared " +
            "on one axis; steps on a log axis. The dotted line marks the emergence step.",
            880, 440, new Multiplot(plot));
    }

    /// <summary>Rescales finite values to [0, 1]; a constant series becomes 0.5.</summary>
    public static double[] MinMax(double[] values)
    {
        var finite = values.Where(double.IsFinite).ToList();
        if (finite.Count == 0) return values;
        double lo = finite.Min(), hi = finite.Max();
        return [.. values.Select(v => hi > lo ? (v - lo) / (hi - lo) : 0.5)];
    }
}
