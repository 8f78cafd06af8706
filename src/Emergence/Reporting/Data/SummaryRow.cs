namespace Emergence.Reporting;

/// <summary>
/// One row of the summary table: a paper claim, this study's value, and the runs and seeds behind it.
/// The agree/disagree mark is computed from the claim's acceptance interval.
/// </summary>
/// <param name="Claim">The paper's finding (see <see cref="PaperClaims"/>).</param>
/// <param name="Measured">This study's value on the claim's scale; null when not measured.</param>
/// <param name="Runs">Training runs behind the value.</param>
/// <param name="Seeds">Distinct seeds behind the value.</param>
/// <param name="Detail">Extra text shown with the value (e.g. "7 of 8 tasks", "median lead 600 steps").</param>
public sealed record SummaryRow(PaperClaim Claim, double? Measured, int Runs, int Seeds, string? Detail = null)
{
    /// <summary>How the measured value compares with the paper's claim.</summary>
    public Agreement Agreement => Claim.Judge(Measured);

    /// <summary>The value as printed in the table, with its detail.</summary>
    public string MeasuredText =>
        (Measured is { } v && !double.IsNaN(v) ? Claim.Format(v) : "not measured") + (Detail is null ? "" : $" ({Detail})");
}
