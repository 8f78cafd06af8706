using System.Reflection;
using ScottPlot;
using SkiaSharp;

namespace Emergence.Reporting.Plotting;

/// <summary>
/// Resolves <see cref="ReportFonts.Family"/> to the DejaVu Sans files embedded in this assembly
/// (regular and bold), so figures never depend on the fonts a machine happens to have.
/// Any other family name is left to the next resolver.
/// </summary>
internal sealed class EmbeddedFontResolver : IFontResolver
{
    private readonly byte[] _regular = ReadResource("DejaVuSans.ttf");
    private readonly byte[] _bold = ReadResource("DejaVuSans-Bold.ttf");

    public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
        CreateTypeface(fontName, weight >= FontWeight.SemiBold, slant != FontSlant.Upright);

    public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic)
    {
        if (!string.Equals(fontName, ReportFonts.Family, StringComparison.OrdinalIgnoreCase)) return null;
        using var data = SKData.CreateCopy(bold ? _bold : _regular);
        return SKTypeface.FromData(data);
    }

    /// <summary>Reads one embedded font file; a missing resource is a build error, so it throws.</summary>
    internal static byte[] ReadResource(string fileName)
    {
        var name = $"Emergence.Reporting.Fonts.{fileName}";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded font {name} is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
