using Emergence.Reporting.Plotting;
using ScottPlot;

namespace Emergence.Reporting.Figures;

/// <summary>Any measure over training on a log-step axis (optionally log values), one line per series.</summary>
internal static class MetricTrajectoryFigure
{
    public static FigureSpec Build(MetricTrajectory data)
    {
        var plot = FigureStyle.NewPlot(data.Title, "training step", data.YLabel + (data.LogY ? " (log scale)" : ""));
        Func<double[], double[]>? transform = data.LogY ? v => [.. v.Select(x => x > 0 ? Math.Log10(x) : double.NaN)] : null;
        var extents = data.Series.Select((s, i) =>
            TrajectoryPlotting.AddLine(plot, s, FigureStyle.SeriesColor(i), transform: transform)).ToList();
        var (min, max) = TrajectoryPlotting.Union(extents);
        if (data.ShadeUntilStep is { } until) TrajectoryPlotting.ShadeWindow(plot, min, until, $"first {until} steps");
        LogAxis.ApplyX(plot, min, max);
        if (data.LogY)
        {
            var values = data.Series.SelectMany(s => s.Values).Where(v => v > 0 && double.IsFinite(v)).Select(Math.Log10).ToList();
            if (values.Count > 0) LogAxis.ApplyY(plot, values.Min(), values.Max());
        }
        if (data.Series.Count > 1 || data.ShadeUntilStep is not null) plot.ShowLegend(Edge.Right);
        else plot.HideLegend();
        return new FigureSpec(FileNames.Safe(data.Name), data.Title,
            $"{data.YLabel} over training, steps on a log axis (step 0 is not shown)" +
            (data.ShadeUntilStep is { } s ? $"; the grey band is the first {s} steps." : "."),
            860, 420, new Multiplot(plot));
    }
}
