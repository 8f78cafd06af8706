using Emergence.Reporting.Plotting;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Emergence.Reporting.Figures;

/// <summary>Grouped bar charts in percent: categories on x, one colour per group, labels on top.</summary>
internal static class GroupedBars
{
    /// <summary>
    /// One bar: category, colour group, value as a fraction, label over the bar, and an optional
    /// reference value (a fraction) drawn as a black mark across the bar.
    /// </summary>
    public readonly record struct Item(string Category, string Group, double Fraction, string Label, double? Mark = null);

    /// <summary>
    /// Adds the bars, their marks and the category ticks; returns the number of colour groups (legend
    /// is the caller's; the marks, when any, are one legend entry named <paramref name="markLegend"/>).
    /// </summary>
    public static int Add(Plot plot, IReadOnlyList<Item> items, string markLegend = "")
    {
        var categories = items.Select(i => i.Category).Distinct().ToList();
        var groups = items.Select(i => i.Group).Distinct().ToList();
        double width = 0.8 / Math.Max(groups.Count, 1);
        var marks = new List<(double Position, double Value)>();
        for (int g = 0; g < groups.Count; g++)
        {
            var bars = new List<Bar>();
            foreach (var item in items.Where(i => i.Group == groups[g]))
            {
                if (!double.IsFinite(item.Fraction)) continue;
                int c = categories.IndexOf(item.Category);
                double position = c - 0.4 + width * (g + 0.5);
                if (item.Mark is { } mark && double.IsFinite(mark)) marks.Add((position, mark * 100));
                bars.Add(new Bar
                {
                    Position = position,
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
        // Marks go on top of every bar, so that a mark below its bar's top stays visible.
        for (int m = 0; m < marks.Count; m++)
        {
            var line = plot.Add.Line(marks[m].Position - width * 0.46, marks[m].Value, marks[m].Position + width * 0.46, marks[m].Value);
            line.Color = Colors.Black;
            line.LineWidth = 2.5f;
            line.MarkerSize = 0;
            if (m == 0) line.LegendText = markLegend;
        }
        if (categories.Max(c => c.Length) * categories.Count > 70)
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = -20;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.UpperRight;
            plot.Axes.Bottom.MinimumSize = 70;
        }
        plot.Axes.Bottom.TickGenerator = new NumericManual(
            [.. Enumerable.Range(0, categories.Count).Select(i => (double)i)], [.. categories]);
        plot.Axes.SetLimits(-0.6, categories.Count - 0.4, 0, 112);
        plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;
        return groups.Count;
    }
}
