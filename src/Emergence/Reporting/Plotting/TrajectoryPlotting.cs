using ScottPlot;

namespace Emergence.Reporting.Plotting;

/// <summary>Lines over checkpoint steps on a log-step x axis.</summary>
internal static class TrajectoryPlotting
{
    /// <summary>Adds <paramref name="series"/> as a line (log10 steps) and returns the x extent it covers.</summary>
    public static (double Min, double Max)? AddLine(Plot plot, TrajectorySeries series, Color color,
        LinePattern? pattern = null, string? legend = null, Func<double[], double[]>? transform = null)
    {
        series.Validate();
        var (x, y) = LogAxis.Log10Pairs(series.Steps, series.Values);
        if (x.Length == 0) return null;
        if (transform is not null) y = transform(y);
        var line = plot.Add.ScatterLine(x, y);
        FigureStyle.StyleLine(line, color, pattern);
        line.LegendText = legend ?? series.Label;
        return (x.Min(), x.Max());
    }

    /// <summary>Union of x extents; (0, 1) (steps 1-10) when nothing was drawn.</summary>
    public static (double Min, double Max) Union(IEnumerable<(double Min, double Max)?> extents)
    {
        var present = extents.Where(e => e is not null).Select(e => e!.Value).ToList();
        return present.Count == 0 ? (0, 1) : (present.Min(e => e.Min), present.Max(e => e.Max));
    }

    /// <summary>Shades steps up to <paramref name="untilStep"/> from the left edge of the data.</summary>
    public static void ShadeWindow(Plot plot, double minLog, long untilStep, string legend)
    {
        if (untilStep <= 0) return;
        var span = plot.Add.HorizontalSpan(minLog - 0.05, Math.Log10(untilStep));
        span.FillColor = Color.FromHex("#9e9e9e").WithAlpha(0.22);
        span.LineColor = Colors.Transparent;
        span.LegendText = legend;
    }

    /// <summary>A vertical marker at <paramref name="step"/> (log10), e.g. an emergence step.</summary>
    public static void MarkStep(Plot plot, long step, Color color, string? legend = null)
    {
        if (step <= 0) return;
        var line = plot.Add.VerticalLine(Math.Log10(step), 1.5f, color, LinePattern.Dotted);
        if (legend is not null) line.LegendText = legend;
    }
}
