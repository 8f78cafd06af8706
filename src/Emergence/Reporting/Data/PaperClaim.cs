namespace Emergence.Reporting;

/// <summary>
/// One headline finding of the paper (PROTOCOL §7) and the interval of measured values that count
/// as agreeing with it. Values are on the scale given by <see cref="Unit"/> (fractions, not percent).
/// </summary>
/// <param name="Id">Stable key, e.g. "mod-floor".</param>
/// <param name="Finding">What is measured, as shown in the summary table.</param>
/// <param name="PaperValue">The paper's value as printed (with later versions where they differ).</param>
/// <param name="AcceptLow">Lowest measured value that agrees (inclusive).</param>
/// <param name="AcceptHigh">Highest measured value that agrees (inclusive).</param>
/// <param name="Rule">The agreement rule in words, shown in the table.</param>
/// <param name="Unit">How the measured value is printed.</param>
public sealed record PaperClaim(string Id, string Finding, string PaperValue, double AcceptLow, double AcceptHigh, string Rule,
    ValueUnit Unit = ValueUnit.Number)
{
    /// <summary>Agree when <paramref name="measured"/> is in [AcceptLow, AcceptHigh]; NaN or null is not measured.</summary>
    public Agreement Judge(double? measured) =>
        measured is not { } value || double.IsNaN(value) ? Agreement.NotMeasured
        : value >= AcceptLow && value <= AcceptHigh ? Agreement.Agree
        : Agreement.Disagree;

    /// <summary>The measured value printed in this claim's unit.</summary>
    public string Format(double value) => Unit switch
    {
        ValueUnit.Percent => $"{value * 100:0}%",
        ValueUnit.Integer => $"{value:0}",
        _ => $"{value:0.00}",
    };
}

/// <summary>Print format of a claim's measured value.</summary>
public enum ValueUnit
{
    /// <summary>Two decimals, e.g. "0.42".</summary>
    Number,
    /// <summary>A fraction as a whole percentage, e.g. "42%".</summary>
    Percent,
    /// <summary>A whole number, e.g. "42".</summary>
    Integer,
}
