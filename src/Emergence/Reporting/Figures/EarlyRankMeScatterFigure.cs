using Emergence.Reporting.Plotting;
using Emergence.Tasks;
using ScottPlot;

namespace Emergence.Reporting.Figures;

/// <summary>Figure 5a: early RankMe (x) against emergence step (log y), colour by class, marker by size.</summary>
internal static class EarlyRankMeScatterFigure
{
    public const string Name = "fig5a_early_rankme_vs_emergence";

    private static readonly MarkerShape[] Shapes =
    [
        MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp,
        MarkerShape.FilledDiamond, MarkerShape.FilledTriangleDown, MarkerShape.OpenCircle,
    ];

    public static FigureSpec Build(ScatterPoints data)
    {
        var plot = FigureStyle.NewPlot("Early RankMe vs emergence step", "early RankMe (collapse floor)", "emergence step");
        var sizes = data.Points.Select(p => p.Size).Distinct().ToList();
        var logs = new List<double>();
        foreach (var taskClass in new[] { TaskClass.Easy, TaskClass.Hard })
        {
            for (int s = 0; s < sizes.Count; s++)
            {
                var points = data.Points.Where(p => p.Class == taskClass && p.Size == sizes[s] && p.Y > 0 && double.IsFinite(p.X)).ToList();
                if (points.Count == 0) continue;
                var ys = points.Select(p => Math.Log10(p.Y)).ToArray();
                logs.AddRange(ys);
                var scatter = plot.Add.ScatterPoints(points.Select(p => p.X).ToArray(), ys);
                scatter.MarkerShape = Shapes[s % Shapes.Length];
                scatter.MarkerSize = 9;
                scatter.Color = FigureStyle.ClassColor(taskClass);
                scatter.LegendText = $"{taskClass.ToString().ToLowerInvariant()}, {sizes[s]}";
            }
        }
        if (logs.Count > 0) LogAxis.ApplyY(plot, logs.Min(), logs.Max());
        plot.Axes.AutoScaleX();
        plot.ShowLegend(Edge.Right);
        plot.Legend.FontSize = 10;
        string rho = data.SpearmanRho is { Count: > 0 } r
            ? " Spearman rho per run: " + string.Join(", ", r.Select(kv => $"{kv.Key} {kv.Value:0.00}")) + "."
            : "";
        return new FigureSpec(Name, "Figure 5a. Early RankMe against emergence step",
            "Each point is one task in one run: its collapse floor (minimum task RankMe in the collapse window) against the " +
            "step at which its accuracy, averaged over its levels, emerged (log axis); easy tasks blue, hard tasks orange, " +
            "marker shape by size. Tasks that never emerged are not shown." + rho,
            860, 480, new Multiplot(plot));
    }
}
