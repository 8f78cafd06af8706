using System.Globalization;

namespace Emergence.Analysis;

/// <summary>A precursor rate of one group of units, with its uncertainty.</summary>
public sealed record PrecursorRate
{
    /// <summary>Metric name of the measure.</summary>
    public required string Measure { get; init; }
    /// <summary>A model size, or "all" (every run).</summary>
    public required string Model { get; init; }
    /// <summary>"all", "easy" or "hard".</summary>
    public required string Class { get; init; }
    /// <summary>"task-level" or "task".</summary>
    public required string Unit { get; init; }
    /// <summary>Computable units that are precursors.</summary>
    public int Precursors { get; init; }
    /// <summary>Computable units in the group.</summary>
    public int Units { get; init; }
    /// <summary>Units that could not be computed (counted, not treated as non-precursors).</summary>
    public int NotComputable { get; init; }
    /// <summary>Precursors / units at the main threshold; null without computable units.</summary>
    public double? Rate { get; init; }
    /// <summary>The rate at each correlation threshold, by threshold.</summary>
    public IReadOnlyDictionary<string, double?> RateAtThreshold { get; init; } = new Dictionary<string, double?>();
    /// <summary>
    /// Share of computable units whose peak |r| exceeds the main threshold at lag 0: measure and
    /// accuracy change at the same checkpoint (neither leads).
    /// </summary>
    public double? SameCheckpointRate { get; init; }
    /// <summary>
    /// Share of computable units whose peak |r| exceeds the main threshold at a positive lag: the
    /// measure changes after accuracy. This is the rate the opposite lag convention would call
    /// precursors, so it shows what a sign flip of the convention would change.
    /// </summary>
    public double? LaggingRate { get; init; }
    /// <summary>Median over precursors of the steps the measure leads by.</summary>
    public long? MedianLeadSteps { get; init; }
    /// <summary>Effective number of independent units (design effect over tasks).</summary>
    public EffectiveN? EffectiveN { get; init; }
    /// <summary>Mean rate under the null.</summary>
    public double? NullMeanRate { get; init; }
    /// <summary>95th percentile of the rate under the null.</summary>
    public double? NullRate95 { get; init; }
    /// <summary>One-sided p-value of the rate against the null.</summary>
    public double? NullP { get; init; }
    /// <summary>Bootstrap 95% interval over task clusters.</summary>
    public ConfidenceInterval? CiOverTasks { get; init; }
    /// <summary>Bootstrap 95% interval over seeds (several seeds only).</summary>
    public ConfidenceInterval? CiOverSeeds { get; init; }
    /// <summary>"computed", or "not computable: " and why.</summary>
    public required string Status { get; init; }
}

/// <summary>
/// Precursor rates. For a group G of computable units (measure, model or all, class, unit kind):
/// rate = #{precursor} / |G| (at the main threshold; also at each sensitivity threshold);
/// the same share with the peak |r| &gt; θ at lag 0 (same checkpoint) and at a positive lag (lagging);
/// median lead = median over precursors of −LagSteps (steps the measure leads by);
/// null: for replicate r, rate_r = #{S_null,r &gt; θ} / |G| (each unit's own surrogate r);
/// null mean and 95th percentile of rate_r; p = (1 + #{rate_r ≥ rate}) / (1 + R);
/// confidence intervals by cluster bootstrap over tasks and over seeds (<see cref="Bootstrap"/>);
/// effective N by design effect over task clusters (<see cref="EffectiveSampleSize"/>).
/// Units that are not computable are counted, never treated as non-precursors.
/// </summary>
public static class PrecursorRates
{
    /// <summary>The rates of every group: measure x model (and "all") x class x unit kind, non-empty groups only.</summary>
    public static IReadOnlyList<PrecursorRate> Compute(IReadOnlyList<PrecursorUnit> units, IReadOnlyList<string> orderedModels, AnalysisOptions options)
    {
        var rates = new List<PrecursorRate>();
        foreach (var measure in options.Measures)
            foreach (var model in orderedModels.Append("all"))
                foreach (var cls in new[] { "all", "easy", "hard" })
                    foreach (var unitKind in new[] { "task-level", "task" })
                    {
                        var group = units.Where(u => u.Measure == measure && (model == "all" || u.Model == model)
                            && (cls == "all" || u.Class == cls) && u.Unit == unitKind).ToList();
                        if (group.Count == 0) continue;
                        rates.Add(Of(group, measure, model, cls, unitKind, options));
                    }
        return rates;
    }

    /// <summary>The rate of one group of units (formulas above).</summary>
    public static PrecursorRate Of(IReadOnlyList<PrecursorUnit> group, string measure, string model, string cls, string unitKind, AnalysisOptions options)
    {
        var ok = group.Where(u => u.Computable).ToList();
        var rate = new PrecursorRate
        {
            Measure = measure, Model = model, Class = cls, Unit = unitKind, Units = ok.Count,
            NotComputable = group.Count - ok.Count, Status = ok.Count == 0 ? "not computable: no unit is computable" : "computed",
        };
        if (ok.Count == 0) return rate;
        int precursors = ok.Count(u => u.Precursor == true);
        var thresholds = options.SensitivityThresholds.Prepend(options.CorrelationThreshold).Distinct()
            .Select(t => t.ToString(CultureInfo.InvariantCulture));
        var leads = ok.Where(u => u.Precursor == true && u.LagSteps is not null).Select(u => (double)-u.LagSteps!.Value).ToArray();
        double observed = (double)precursors / ok.Count;
        var outcomes = ok.Select(u => (u.Task, u.Precursor == true)).ToList();
        var random = StableSeed.Random(options.RandomSeed, $"rate|{measure}|{model}|{cls}|{unitKind}");
        int replicates = ok.Min(u => u.NullStatistics.Length);
        double? nullMean = null, null95 = null, nullP = null;
        if (replicates > 0)
        {
            var nullRates = new double[replicates];
            for (int r = 0; r < replicates; r++)
                nullRates[r] = (double)ok.Count(u => u.NullStatistics[r] > options.CorrelationThreshold) / ok.Count;
            nullMean = nullRates.Average();
            null95 = MathNet.Numerics.Statistics.Statistics.Quantile(nullRates, 0.95);
            nullP = (1.0 + nullRates.Count(v => v >= observed)) / (1.0 + replicates);
        }
        bool seeds = ok.Select(u => u.Seed).Distinct().Count() > 1;
        return rate with
        {
            Precursors = precursors,
            Rate = observed,
            SameCheckpointRate = (double)ok.Count(u => u.PeakLag == 0 && u.PeakR is { } r && Math.Abs(r) > options.CorrelationThreshold) / ok.Count,
            LaggingRate = (double)ok.Count(u => u.PeakLag > 0 && u.PeakR is { } r && Math.Abs(r) > options.CorrelationThreshold) / ok.Count,
            RateAtThreshold = thresholds.ToDictionary(t => t, t => (double?)ok.Count(u => u.PrecursorAtThreshold![t]) / ok.Count),
            MedianLeadSteps = leads.Length == 0 ? null : (long)Math.Round(MathNet.Numerics.Statistics.Statistics.Median(leads)),
            EffectiveN = EffectiveSampleSize.Of(outcomes),
            NullMeanRate = nullMean,
            NullRate95 = null95,
            NullP = nullP,
            CiOverTasks = Bootstrap.Rate(outcomes, "tasks", options.BootstrapResamples, random),
            CiOverSeeds = seeds
                ? Bootstrap.Rate([.. ok.Select(u => (u.Seed.ToString(CultureInfo.InvariantCulture), u.Precursor == true))], "seeds", options.BootstrapResamples, random)
                : new ConfidenceInterval(null, null, 0, 1, "seeds", "not computable: one seed only"),
        };
    }
}
