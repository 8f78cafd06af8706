namespace Emergence.Reporting;

/// <summary>
/// Share of task pairs whose emergence order early RankMe predicts, for one pair category
/// ("cross-class", "within-hard", "within-easy") and one source ("this study", "paper v1", a size).
/// </summary>
/// <param name="Category">"cross-class", "within-hard" or "within-easy".</param>
/// <param name="Source">Where the value comes from ("this study", "paper v1", a size).</param>
/// <param name="Fraction">Share of concordant pairs, 0..1.</param>
/// <param name="Pairs">Pairs behind the fraction (0 when quoted, e.g. the paper's value).</param>
public sealed record ConcordanceBar(string Category, string Source, double Fraction, int Pairs);

/// <summary>Figure 5b: concordance bars with the 50% chance line.</summary>
public sealed record ConcordanceBars(IReadOnlyList<ConcordanceBar> Bars);
