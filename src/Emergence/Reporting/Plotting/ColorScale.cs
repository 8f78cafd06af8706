using ScottPlot;

namespace Emergence.Reporting.Plotting;

/// <summary>A colour axis for a colour bar when cells are drawn by hand rather than by a heatmap.</summary>
internal sealed class ColorScale(IColormap colormap, double min, double max) : IHasColorAxis
{
    public IColormap Colormap { get; set; } = colormap;

    public ScottPlot.Range GetRange() => new(min, max);

    /// <summary>Colour of <paramref name="value"/>, clamped to the scale.</summary>
    public Color ColorOf(double value)
    {
        double span = max - min;
        double position = span <= 0 ? 0.5 : Math.Clamp((value - min) / span, 0, 1);
        return Colormap.GetColor(position);
    }
}
