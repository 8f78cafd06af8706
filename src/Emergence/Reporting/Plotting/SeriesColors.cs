using ScottPlot;

namespace Emergence.Reporting.Plotting;

/// <summary>Stable colours per label, so the same task or size has the same colour in every panel.</summary>
internal static class SeriesColors
{
    /// <summary>Palette colours in order of each label's first appearance.</summary>
    public static IReadOnlyDictionary<string, Color> ByLabel(IEnumerable<string> labels)
    {
        var map = new Dictionary<string, Color>();
        foreach (var label in labels)
            if (!map.ContainsKey(label)) map[label] = FigureStyle.SeriesColor(map.Count);
        return map;
    }
}
