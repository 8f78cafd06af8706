namespace Emergence.Reporting;

/// <summary>How often one measure led emergence, within one group (e.g. "all", "hard", "nano").</summary>
/// <param name="Measure">Measure name, e.g. "RankMe", "Fisher".</param>
/// <param name="Group">Bar colour group; use one group for a plain bar chart.</param>
/// <param name="Precursors">Cases where the measure led (peak |r| at a negative lag above threshold).</param>
/// <param name="Total">Cases examined.</param>
public sealed record PrecursorRate(string Measure, string Group, int Precursors, int Total)
{
    /// <summary>Precursors / Total, or NaN when nothing was examined.</summary>
    public double Rate => Total == 0 ? double.NaN : (double)Precursors / Total;
}

/// <summary>Figure 4b: precursor rate per measure, with an optional chance/null rate drawn as a line.</summary>
/// <param name="Rates">One bar per measure and group.</param>
/// <param name="ChanceRate">Rate expected by chance (e.g. from shuffled series), as a fraction.</param>
public sealed record PrecursorRates(IReadOnlyList<PrecursorRate> Rates, double? ChanceRate = null);
