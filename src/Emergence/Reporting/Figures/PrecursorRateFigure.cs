using Emergence.Reporting.Plotting;
using ScottPlot;

namespace Emergence.Reporting.Figures;

/// <summary>Figure 4b: precursor rate per measure (bars, counts on top), each bar with its null rate marked.</summary>
internal static class PrecursorRateFigure
{
    public const string Name = "fig4b_precursor_rates";

    public static FigureSpec Build(PrecursorRates data)
    {
        var plot = FigureStyle.NewPlot("Precursor rate by measure", null, "precursor rate (%)");
        int groups = GroupedBars.Add(plot, [.. data.Rates.Select(r =>
            new GroupedBars.Item(r.Measure, r.Group, r.Rate, $"{r.Precursors}/{r.Total}", r.NullRate))], "null rate");
        var nulls = data.Rates.Where(r => r.NullRate is not null && double.IsFinite(r.Rate)).Select(r => r.NullRate!.Value).ToList();
        string marks = nulls.Count == 0 ? "" :
            " The black mark across each bar is its null rate: the mean rate when the measure's differenced series is " +
            "phase-randomised, the same test on noise with the same spectrum " +
            $"({nulls.Min() * 100:0}% to {nulls.Max() * 100:0}% here: it grows as a measure has fewer checkpoints); " +
            "a rate is evidence of a lead only above its own mark.";
        if (groups > 1 || nulls.Count > 0) plot.ShowLegend(Edge.Right);
        return new FigureSpec(Name, "Figure 4b. Precursor rates",
            "Share of cases in which the measure's change leads the accuracy change (peak |cross-correlation| of first " +
            "differences at a negative lag, above the threshold); the count over each bar is precursors / cases." + marks,
            860, 420, new Multiplot(plot));
    }
}
