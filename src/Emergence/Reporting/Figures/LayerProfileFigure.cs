using Emergence.Reporting.Plotting;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Emergence.Reporting.Figures;

/// <summary>
/// Figure 3: RankMe per block (1..L) at the collapse minimum (solid) and after emergence
/// (dashed), one panel per task, one colour per size.
/// </summary>
internal static class LayerProfileFigure
{
    public const string Name = "fig3_layer_profiles";

    public static FigureSpec Build(IReadOnlyList<LayerProfile> profiles)
    {
        var colors = SeriesColors.ByLabel(profiles.Select(p => p.Size));
        var plots = new List<Plot>();
        foreach (var group in profiles.GroupBy(p => p.Task))
        {
            var plot = FigureStyle.NewPlot(group.Key, "block", "RankMe");
            int maxLayer = 0;
            foreach (var profile in group)
            {
                AddProfile(plot, profile.AtCollapseMinimum, colors[profile.Size], solid: true, $"{profile.Size} collapse");
                AddProfile(plot, profile.AfterEmergence, colors[profile.Size], solid: false, $"{profile.Size} after");
                maxLayer = Math.Max(maxLayer, Math.Max(profile.AtCollapseMinimum.Count, profile.AfterEmergence.Count));
            }
            plot.Axes.Bottom.TickGenerator = new NumericAutomatic { IntegerTicksOnly = true };
            plot.Axes.SetLimitsX(0.7, Math.Max(2, maxLayer) + 0.3);
            plot.ShowLegend(Edge.Right);
            plot.Legend.FontSize = 9;
            plots.Add(plot);
        }
        int columns = FigureRenderer.ColumnsFor(plots.Count);
        int rows = (plots.Count + columns - 1) / columns;
        return new FigureSpec(Name, "Figure 3. RankMe over depth",
            "RankMe of each block's output (block l, l = 1..L) at the step of the task's collapse minimum (solid) " +
            "and after emergence (dashed), one colour per model size. Top-down propagation shows as RankMe falling with depth " +
            "at the collapse minimum.",
            520 * columns, 330 * rows, FigureRenderer.Grid(plots, columns));
    }

    private static void AddProfile(Plot plot, IReadOnlyList<double> values, Color color, bool solid, string legend)
    {
        if (values.Count == 0) return;
        var line = plot.Add.ScatterLine(Enumerable.Range(1, values.Count).Select(i => (double)i).ToArray(), values.ToArray());
        FigureStyle.StyleLine(line, color, solid ? LinePattern.Solid : LinePattern.Dashed);
        line.MarkerSize = 6;
        line.MarkerShape = solid ? MarkerShape.FilledCircle : MarkerShape.OpenCircle;
        line.LegendText = legend;
    }
}
