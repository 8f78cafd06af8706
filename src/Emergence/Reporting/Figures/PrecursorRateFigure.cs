using Emergence.Reporting.Plotting;
using ScottPlot;

namespace Emergence.Reporting.Figures;

/// <summary>Figure 4b: precursor rate per measure (bars, counts on top) with an optional chance line.</summary>
internal static class PrecursorRateFigure
{
    public const string Name = "fig4b_precursor_rates";

    public static FigureSpec Build(PrecursorRates data)
    {
        var plot = FigureStyle.NewPlot("Precursor rate by measure", null, "precursor rate (%)");
        int groups = GroupedBars.Add(plot, [.. data.Rates.Select(r =>
            new GroupedBars.Item(r.Measure, r.Group, r.Rate, $"{r.Precursors}/{r.Total}"))]);
        string chance = "";
        if (data.ChanceRate is { } rate)
        {
            var line = plot.Add.HorizontalLine(rate * 100, 1.5f, Colors.Black, LinePattern.Dashed);
            line.LegendText = $"chance ({rate * 100:0}%)";
            chance = $" The dashed line is the rate expected by chance ({rate * 100:0}%).";
        }
        if (groups > 1 || data.ChanceRate is not null) plot.ShowLegend(Edge.Right);
        return new FigureSpec(Name, "Figure 4b. Precursor rates",
            "Share of cases in which the measure's change leads the accuracy change (peak |cross-correlation| of first " +
            "differences at a negative lag, above the threshold); the count over each bar is precursors / cases." + chance,
            860, 420, new Multiplot(plot));
    }
}
