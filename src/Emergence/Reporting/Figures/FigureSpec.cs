using ScottPlot;

namespace Emergence.Reporting.Figures;

/// <summary>A figure ready to render: its file-name stem, caption, pixel size and plots.</summary>
/// <param name="Name">File-name stem (figures/NAME.png and .svg).</param>
/// <param name="Title">Heading shown above the figure on the page.</param>
/// <param name="Caption">What the figure shows and how to read it.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Figure">The plots to render.</param>
internal sealed record FigureSpec(string Name, string Title, string Caption, int Width, int Height, IMultiplot Figure);
