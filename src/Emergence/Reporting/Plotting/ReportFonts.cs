using ScottPlot;

namespace Emergence.Reporting.Plotting;

/// <summary>
/// The one font every figure uses: DejaVu Sans, shipped with the assembly (Reporting/Fonts, with its
/// licence). Registering it first among ScottPlot's resolvers makes the same glyphs render on a
/// machine with no system fonts at all.
/// </summary>
internal static class ReportFonts
{
    /// <summary>Family name set on every plot; it is also the <c>font-family</c> written into SVG files.</summary>
    public const string Family = "DejaVu Sans";

    private static readonly Lock Gate = new();
    private static bool _registered;

    /// <summary>Puts the embedded-font resolver ahead of the system resolver (once per process).</summary>
    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (_registered) return;
            Fonts.FontResolvers.Insert(0, new EmbeddedFontResolver());
            Fonts.Default = Family;
            _registered = true;
        }
    }

    /// <summary>Sets the report font on every text element of <paramref name="plot"/>.</summary>
    public static void Apply(Plot plot)
    {
        EnsureRegistered();
        plot.Font.Set(Family);
        plot.Legend.FontName = Family;
    }
}
