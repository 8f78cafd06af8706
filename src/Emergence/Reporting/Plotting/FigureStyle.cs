using Emergence.Tasks;
using ScottPlot;

namespace Emergence.Reporting.Plotting;

/// <summary>Shared look of the report's figures: font, font sizes, colours per class, task and series.</summary>
internal static class FigureStyle
{
    /// <summary>Easy tasks are blue, hard tasks orange (also used in the HTML legend text).</summary>
    public static Color Easy { get; } = Color.FromHex("#1f77b4");
    public static Color Hard { get; } = Color.FromHex("#d95f02");

    /// <summary>Fill of cells and markers for "never emerged" / missing values.</summary>
    public static Color Missing { get; } = Color.FromHex("#d9d9d9");

    /// <summary>Colour-blind-friendly qualitative palette (Okabe-Ito order, black last).</summary>
    private static readonly Color[] Series =
    [
        Color.FromHex("#0072B2"), Color.FromHex("#E69F00"), Color.FromHex("#009E73"), Color.FromHex("#CC79A7"),
        Color.FromHex("#D55E00"), Color.FromHex("#56B4E9"), Color.FromHex("#8B6D00"), Color.FromHex("#000000"),
    ];

    public static Color ClassColor(TaskClass taskClass) => taskClass == TaskClass.Easy ? Easy : Hard;

    /// <summary>The i-th colour of the qualitative palette (cycles).</summary>
    public static Color SeriesColor(int index) => Series[((index % Series.Length) + Series.Length) % Series.Length];

    /// <summary>A fresh plot with the report font, white background and readable font sizes.</summary>
    public static Plot NewPlot(string? title = null, string? xLabel = null, string? yLabel = null)
    {
        var plot = new Plot();
        ReportFonts.Apply(plot);
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Grid.MajorLineColor = Color.FromHex("#e6e6e6");
        if (title is not null) plot.Title(title, 15);
        if (xLabel is not null) plot.XLabel(xLabel, 13);
        if (yLabel is not null) plot.YLabel(yLabel, 13);
        plot.Legend.FontSize = 11;
        return plot;
    }

    /// <summary>A line plot style: width 2, no markers.</summary>
    public static void StyleLine(ScottPlot.Plottables.Scatter line, Color color, LinePattern? pattern = null)
    {
        line.Color = color;
        line.LineWidth = 2;
        line.MarkerSize = 0;
        if (pattern is { } p) line.LinePattern = p;
    }
}
