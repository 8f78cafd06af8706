using Emergence.Reporting.Plotting;
using ScottPlot;

namespace Emergence.Reporting.Figures;

/// <summary>
/// Figure 2: task RankMe of the hard tasks over training, one panel per size, log-step axis, with
/// the collapse window shaded.
/// </summary>
internal static class RankMeTrajectoryFigure
{
    public const string Name = "fig2_rankme_trajectories";

    public static FigureSpec Build(IReadOnlyList<SizeTrajectories> panels, long collapseWindowSteps)
    {
        var colors = SeriesColors.ByLabel(panels.SelectMany(p => p.Series).Select(s => s.Label));
        var plots = new List<Plot>();
        foreach (var panel in panels)
        {
            var plot = FigureStyle.NewPlot(panel.Size, "training step", "task RankMe");
            var extents = panel.Series.Select(s => TrajectoryPlotting.AddLine(plot, s, colors[s.Label])).ToList();
            var (min, max) = TrajectoryPlotting.Union(extents);
            TrajectoryPlotting.ShadeWindow(plot, min, collapseWindowSteps, $"first {collapseWindowSteps} steps");
            LogAxis.ApplyX(plot, min, max);
            plot.ShowLegend(Edge.Right);
            plots.Add(plot);
        }
        int columns = FigureRenderer.ColumnsFor(plots.Count);
        int rowsCount = (plots.Count + columns - 1) / columns;
        return new FigureSpec(Name, "Figure 2. RankMe trajectories of the hard tasks",
            $"Task RankMe (final layer, pooled over levels) of ADD, MOD, SORT and MUL over training, one panel per model size; " +
            $"steps on a log axis (step 0 is not shown). The grey band is the collapse window (the first {collapseWindowSteps} steps), " +
            "where the collapse floor is read.",
            520 * columns, 340 * rowsCount, FigureRenderer.Grid(plots, columns));
    }
}
