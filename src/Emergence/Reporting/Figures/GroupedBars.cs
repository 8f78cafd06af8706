using Emergence.Reporting.Plotting;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Emergence.Reporting.Figures;

/// <summary>Grouped bar charts in percent: categories on x, one colour per group, labels on top.</summary>
internal static class GroupedBars
{
    /// <summary>One bar: category, colour group, value as a fraction, label over the bar.</summary>
    public readonly record struct Item(string Category, string Group, double Fraction, string Label);

    /// <summary>Adds the bars and category ticks; returns the number of colour groups (legend is the caller's).</summary>
    public static int Add(Plot plot, IReadOnlyList<Item> items)
    {
        var categories = items.Select(i => i.Category).Distinct().ToList();
        var groups = items.Select(i => i.Group).Distinct().ToList();
        double width = 0.8 / Math.Max(groups.Count, 1);
        for (int g = 0; g < groups.Count; g++)
        {
            var bars = new List<Bar>();
            foreach (var item in items.Where(i => i.Group == groups[g]))
            {
                if (!double.IsFinite(item.Fraction)) continue;
                int c = categories.IndexOf(item.Category);
                bars.Add(new Bar
                {
                    Position = c - 0.4 + width * (g + 0.5),
                    Value = item.Fraction * 100,
                    Size = width * 0.92,
                    FillColor = FigureStyle.SeriesColor(g),
                    LineWidth = 0,
                    Label = item.Label,
                });
            }
            var plottable = plot.Add.Bars(bars);
            plottable.LegendText = groups[g];
            plottable.ValueLabelStyle.FontName = ReportFonts.Family;
            plottable.ValueLabelStyle.FontSize = 10;
        }
        plot.Axes.Bottom.TickGenerator = new NumericManual(
            [.. Enumerable.Range(0, categories.Count).Select(i => (double)i)], [.. categories]);
        plot.Axes.SetLimits(-0.6, categories.Count - 0.4, 0, 112);
        plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;
        return groups.Count;
    }
}
