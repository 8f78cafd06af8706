using Emergence.Storage;

namespace Emergence.Analysis;

/// <summary>
/// One of the checks each costly estimate records beside its value (docs/metrics.md), with the
/// flag value that means the check was passed.
/// </summary>
/// <param name="Metric">The flag's metric name.</param>
/// <param name="Passed">The flag value of an estimate that passed (1 for "converged", 0 for "negative").</param>
/// <param name="Description">What passing means, for the table.</param>
public sealed record QualityCheck(string Metric, double Passed, string Description);

/// <summary>How many of a run's recorded flags of one check say the check was passed.</summary>
public sealed record MeasureQualityEntry(string Run, string Check, int Passed, int Recorded);

/// <summary>The convergence and sanity flags of the stored Hessian and LLC estimates, counted per run.</summary>
public sealed record MeasureQualitySection(string Definition, IReadOnlyList<QualityCheck> Checks, IReadOnlyList<MeasureQualityEntry> Entries);

/// <summary>
/// Counts, per run, the stored estimates that passed each of their own checks: every Hessian
/// eigenvalue's Lanczos residual, the Lanczos and power-iteration budgets, the power check against
/// the Lanczos extreme, the trace's standard-error target, and the LLC's finiteness, sign, distance
/// from its standard error and MALA acceptance. A value that failed its check is kept in the store
/// with its flag (nothing is dropped or retuned); this section says how many there are, so that a
/// reader of the report sees which numbers are not converged without querying the store.
/// </summary>
public static class MeasureQuality
{
    /// <summary>The checks counted, in table order.</summary>
    public static readonly IReadOnlyList<QualityCheck> Checks =
    [
        new(MetricNames.HessianEigConverged, 1, "Hessian eigenvalue converged (Lanczos residual within tolerance x the largest Ritz value in magnitude)"),
        new(MetricNames.HessianLanczosConverged, 1, "Lanczos converged within its iteration budget"),
        new(MetricNames.HessianPowerConverged, 1, "power check converged within its iteration budget"),
        new(MetricNames.HessianPowerMismatch, 0, "power check agrees with the Lanczos extreme"),
        new(MetricNames.HessianTraceTargetMet, 1, "Hessian trace met its standard-error target"),
        new(MetricNames.LlcNonfinite, 0, "LLC chains stayed finite"),
        new(MetricNames.LlcNegative, 0, "LLC estimate not negative"),
        new(MetricNames.LlcBelowSe, 0, "LLC larger than its standard error"),
        new(MetricNames.LlcLowAcceptance, 0, "LLC MALA acceptance over draws at least 0.9"),
    ];

    /// <summary>What the counts are, for the tables.</summary>
    public const string Definition =
        "Per run: of the flags a check recorded (one per estimate: per eigenvalue for the Hessian eigenvalues, per checkpoint for the rest), " +
        "how many say the check was passed. An estimate that failed is kept with its flag, not dropped; docs/metrics.md defines each flag.";

    /// <summary>The counts of every check each run recorded (a check no run recorded is left out).</summary>
    public static MeasureQualitySection Analyze(IReadOnlyList<RunData> runs)
    {
        var entries = new List<MeasureQualityEntry>();
        foreach (var run in runs)
            foreach (var check in Checks)
            {
                var values = run.Series.Where(s => s.Key.Name == check.Metric).SelectMany(s => s.Value).Where(v => !double.IsNaN(v)).ToList();
                if (values.Count > 0) entries.Add(new MeasureQualityEntry(run.Label, check.Metric, values.Count(v => v == check.Passed), values.Count));
            }
        return new MeasureQualitySection(Definition, Checks, entries);
    }
}
