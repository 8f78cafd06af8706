namespace Emergence.Reporting;

/// <summary>How a measured value compares with the paper's.</summary>
public enum Agreement
{
    /// <summary>The value lies in the claim's acceptance interval.</summary>
    Agree,
    /// <summary>The value lies outside the acceptance interval.</summary>
    Disagree,
    /// <summary>The study did not measure it (or the value is not a number).</summary>
    NotMeasured,
}
