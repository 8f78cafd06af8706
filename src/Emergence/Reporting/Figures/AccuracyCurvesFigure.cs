using Emergence.Reporting.Plotting;
using Emergence.Tasks;
using ScottPlot;

namespace Emergence.Reporting.Figures;

/// <summary>Accuracy of all task-levels of one size: a panel per task, a line per level, emergence marked.</summary>
internal static class AccuracyCurvesFigure
{
    public static string NameFor(string size) => $"accuracy_{FileNames.Safe(size)}";

    private static readonly LinePattern[] LevelPatterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted];

    public static FigureSpec Build(AccuracyCurves data)
    {
        var plots = new List<Plot>();
        foreach (var task in TaskKinds.All)
        {
            var curves = data.Curves.Where(c => c.TaskLevel.Task == task).OrderBy(c => c.TaskLevel.Level).ToList();
            if (curves.Count == 0) continue;
            var plot = FigureStyle.NewPlot($"{task.Name()} ({task.Class().ToString().ToLowerInvariant()})", "step", "accuracy");
            var color = FigureStyle.ClassColor(task.Class());
            var extents = new List<(double, double)?>();
            foreach (var curve in curves)
            {
                var level = curve.TaskLevel.Level;
                var series = new TrajectorySeries($"L{level}", curve.Steps, curve.Accuracy);
                var levelColor = level switch { 1 => color.Lighten(0.35), 2 => color, _ => color.Darken(0.35) };
                extents.Add(TrajectoryPlotting.AddLine(plot, series, levelColor, LevelPatterns[(level - 1) % 3]));
                if (curve.EmergenceStep is { } step) TrajectoryPlotting.MarkStep(plot, step, levelColor);
            }
            var (min, max) = TrajectoryPlotting.Union(extents);
            var threshold = plot.Add.HorizontalLine(data.Threshold, 1, Colors.Gray, LinePattern.Dashed);
            threshold.LegendText = "";
            LogAxis.ApplyX(plot, min, max);
            plot.Axes.SetLimitsY(-0.03, 1.03);
            plot.ShowLegend(Alignment.LowerRight);
            plot.Legend.FontSize = 9;
            plots.Add(plot);
        }
        int columns = Math.Min(4, Math.Max(plots.Count, 1));
        int rows = (plots.Count + columns - 1) / columns;
        return new FigureSpec(NameFor(data.Size), $"Accuracy of every task-level, {data.Size}",
            $"Exact-match accuracy on the evaluation set over training for model size {data.Size}, one panel per task " +
            $"(levels L1 solid, L2 dashed, L3 dotted); steps on a log axis. The grey dashed line is the emergence threshold " +
            $"({data.Threshold:0.##}); dotted vertical lines mark emergence steps.",
            300 * columns, 270 * Math.Max(rows, 1), FigureRenderer.Grid(plots, columns));
    }
}
