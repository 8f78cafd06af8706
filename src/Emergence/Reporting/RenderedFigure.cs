namespace Emergence.Reporting;

/// <summary>A figure rendered to PNG bytes and SVG text, with what the page shows about it.</summary>
internal sealed record RenderedFigure(string Name, string Title, string Caption, int Width, int Height, byte[] Png, string Svg);
