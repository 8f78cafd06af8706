namespace Emergence.Reporting;

/// <summary>How often one measure led emergence, within one group (e.g. "all", "hard", "nano").</summary>
/// <param name="Measure">Measure name, e.g. "RankMe", "Fisher".</param>
/// <param name="Group">Bar colour group; use one group for a plain bar chart.</param>
/// <param name="Precursors">Cases where the measure led (peak |r| at a negative lag above threshold).</param>
/// <param name="Total">Cases examined.</param>
/// <param name="NullRate">The same rate under the analysis's null (phase-randomised measure series), as
/// a fraction; null when the null was not computed.</param>
public sealed record PrecursorRate(string Measure, string Group, int Precursors, int Total, double? NullRate = null)
{
    /// <summary>Precursors / Total, or NaN when nothing was examined.</summary>
    public double Rate => Total == 0 ? double.NaN : (double)Precursors / Total;
}

/// <summary>Figure 4b: precursor rate per measure, each bar with its own null rate where known.</summary>
/// <param name="Rates">One bar per measure and group.</param>
public sealed record PrecursorRates(IReadOnlyList<PrecursorRate> Rates);
