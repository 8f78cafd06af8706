using Emergence.Reporting.Plotting;
using ScottPlot;

namespace Emergence.Reporting.Figures;

/// <summary>Figure 5b: pairwise concordance by pair category, with the 50% chance line.</summary>
internal static class ConcordanceFigure
{
    public const string Name = "fig5b_concordance";

    public static FigureSpec Build(ConcordanceBars data)
    {
        var plot = FigureStyle.NewPlot("Does early RankMe predict emergence order?", null, "concordant pairs (%)");
        GroupedBars.Add(plot, [.. data.Bars.Select(b =>
            new GroupedBars.Item(b.Category, b.Source, b.Fraction, b.Pairs > 0 ? $"{b.Fraction * 100:0}% (n={b.Pairs})" : $"{b.Fraction * 100:0}%"))]);
        var chance = plot.Add.HorizontalLine(50, 1.5f, Colors.Black, LinePattern.Dashed);
        chance.LegendText = "chance (50%)";
        plot.ShowLegend(Edge.Right);
        return new FigureSpec(Name, "Figure 5b. Concordance of early RankMe with emergence order",
            "Share of task pairs in which the task with the lower early RankMe (collapse floor) emerges first, for pairs across " +
            "classes, within hard and within easy tasks; n is the number of pairs. The dashed line is chance (50%).",
            860, 420, new Multiplot(plot));
    }
}
