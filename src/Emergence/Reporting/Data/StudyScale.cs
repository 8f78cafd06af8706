namespace Emergence.Reporting;

/// <summary>
/// What the report's numbers rest on. A demonstration-scale study (fewer sizes, shorter runs) is
/// announced prominently at the top of the page.
/// </summary>
/// <param name="IsDemonstration">True when the study is smaller than the protocol's.</param>
/// <param name="Description">e.g. "nano and micro, 3,000 steps, seed 0".</param>
/// <param name="Runs">Training runs behind the report.</param>
/// <param name="Seeds">Distinct seeds behind the report.</param>
public sealed record StudyScale(bool IsDemonstration, string Description, int Runs, int Seeds);
