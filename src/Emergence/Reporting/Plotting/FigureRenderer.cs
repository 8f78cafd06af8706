using System.Text;
using ScottPlot;
using SkiaSharp;

namespace Emergence.Reporting.Plotting;

/// <summary>Renders a ScottPlot figure (one plot or a grid of plots) to PNG bytes and SVG text.</summary>
internal static class FigureRenderer
{
    /// <summary>PNG of the figure at <paramref name="width"/> x <paramref name="height"/> pixels.</summary>
    public static byte[] Png(IMultiplot figure, int width, int height)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"Cannot create a {width} x {height} drawing surface.");
        surface.Canvas.Clear(SKColors.White);
        figure.Render(surface.Canvas, new PixelRect(0, width, height, 0));
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>SVG of the figure; text stays text, in the report font's family.</summary>
    public static string Svg(IMultiplot figure, int width, int height)
    {
        using var stream = new MemoryStream();
        using (var wrapper = new SKManagedWStream(stream))
        using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, width, height), wrapper))
        {
            figure.Render(canvas, new PixelRect(0, width, height, 0));
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>A figure of <paramref name="plots"/> in a grid with <paramref name="columns"/> columns.</summary>
    public static Multiplot Grid(IReadOnlyList<Plot> plots, int columns)
    {
        if (plots.Count == 0) throw new ArgumentException("A figure needs at least one plot.", nameof(plots));
        var figure = new Multiplot(plots[0]);
        foreach (var plot in plots.Skip(1)) figure.Subplots.Add(plot);
        int cols = Math.Max(1, Math.Min(columns, plots.Count));
        figure.Layout = new ScottPlot.MultiplotLayouts.Grid((plots.Count + cols - 1) / cols, cols);
        return figure;
    }

    /// <summary>Columns for a grid of <paramref name="count"/> panels: 1-3 in a row, then 2, 3 or 4 per row.</summary>
    public static int ColumnsFor(int count) => count switch { <= 3 => Math.Max(count, 1), 4 => 2, <= 6 => 3, _ => 4 };
}
