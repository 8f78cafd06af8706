using System.Globalization;
using Emergence.Storage;
using MathNet.Numerics.Statistics;

namespace Emergence.Analysis;

/// <summary>Emergence step of one task-level x size over its seeds, under one rule (variant).</summary>
/// <param name="Model">Model size.</param>
/// <param name="TaskLevel">Task-level name.</param>
/// <param name="Variant">The emergence rule's series (<c>accuracy</c> or <c>accuracy_chance_corrected</c>).</param>
/// <param name="Seeds">Seeds of this size.</param>
/// <param name="Emerged">Seeds in which it emerged; the statistics are over those.</param>
/// <param name="Min">Earliest emergence step.</param>
/// <param name="Median">Median emergence step.</param>
/// <param name="Max">Latest emergence step.</param>
/// <param name="Mean">Mean emergence step.</param>
/// <param name="Sd">Sample standard deviation (n − 1) of the emergence step; null with fewer than 2 emerged seeds.</param>
/// <param name="Status">"computed", or why there is no spread.</param>
public sealed record EmergenceSpread(string Model, string TaskLevel, string Variant, int Seeds, int Emerged,
    long? Min, double? Median, long? Max, double? Mean, double? Sd, string Status);

/// <summary>A measure's precursor rate (task-level units) in each seed, beside the pooled rate, its bootstrap intervals and null.</summary>
public sealed record SeedPrecursorRate(string Measure, string Model, IReadOnlyDictionary<string, double?> RateBySeed,
    double? Pooled, ConfidenceInterval? CiOverSeeds, ConfidenceInterval? CiOverTasks, double? NullMeanRate, double? NullP, string Status);

/// <summary>Spearman rho of the emergence steps of two seeds of one size over the task-levels that emerged in both.</summary>
public sealed record OrderCorrelation(string Model, string Variant, int SeedA, int SeedB, int TaskLevels, int LeftOut, double? Rho, string Status);

/// <summary>Mean of the pairwise order correlations of one size and rule.</summary>
public sealed record OrderAgreement(string Model, string Variant, int Pairs, double? MeanRho, double? MinRho, double? MaxRho, string Status);

/// <summary>The variation over seeds (<see cref="SeedVariation"/>).</summary>
/// <param name="Definition">The analysis in words.</param>
/// <param name="Spread">Emergence-step spread per size, task-level and rule.</param>
/// <param name="PrecursorRates">Each measure's precursor rate per seed, beside the pooled rate.</param>
/// <param name="OrderCorrelations">Spearman rho of every pair of seeds per size and rule.</param>
/// <param name="OrderAgreement">Mean, min and max of those per size and rule.</param>
public sealed record SeedVariationSection(string Definition, IReadOnlyList<EmergenceSpread> Spread, IReadOnlyList<SeedPrecursorRate> PrecursorRates,
    IReadOnlyList<OrderCorrelation> OrderCorrelations, IReadOnlyList<OrderAgreement> OrderAgreement);

/// <summary>
/// Variation over seeds of one size. Per task-level, size and rule: over the seeds in which it emerged,
/// min, median, max, mean and sample standard deviation (n − 1) of the emergence step; seeds where it
/// never emerged are counted, not averaged. Per measure and size: the precursor rate of each seed's
/// task-level units, beside the pooled rate with its cluster-bootstrap intervals over seeds and tasks
/// and its null mean and p (<see cref="PrecursorRates"/>). Per size, rule and pair of seeds (a, b):
/// Spearman ρ (average ranks for ties) between the emergence steps of a and b over the task-levels that
/// emerged in both (at least 3; the rest are counted as left out); the mean, min and max ρ over pairs.
/// </summary>
public static class SeedVariation
{
    /// <summary>The emergence rules compared over seeds: the paper's accuracy rule and the chance-corrected one.</summary>
    public static readonly IReadOnlyList<string> Variants = [MetricNames.Accuracy, ChanceCorrection.Variant];

    /// <summary>The variation over seeds of every size in <paramref name="models"/>, from the emergence entries and precursor units.</summary>
    public static SeedVariationSection Analyze(IReadOnlyList<EmergenceEntry> entries, PrecursorSection precursors,
        IReadOnlyList<string> models, AnalysisOptions options)
    {
        var spread = new List<EmergenceSpread>();
        var correlations = new List<OrderCorrelation>();
        var agreement = new List<OrderAgreement>();
        foreach (var model in models)
            foreach (var variant in Variants)
            {
                var group = entries.Where(e => e.Model == model && e.Variant == variant).ToList();
                spread.AddRange(group.GroupBy(e => e.TaskLevel).Select(g => Spread(model, g.Key, variant, g.ToList())));
                var pairs = Pairs(model, variant, group);
                correlations.AddRange(pairs);
                agreement.Add(Agreement(model, variant, pairs));
            }
        return new SeedVariationSection(
            "Over the seeds of one size. Emergence spread per task-level and rule: min, median, max, mean and sample std (n − 1) of the emergence step over the seeds in which it emerged (the others counted). " +
            $"Precursor rate per measure in each seed (task-level units, |r| > {options.CorrelationThreshold.ToString(CultureInfo.InvariantCulture)}), beside the pooled rate with its bootstrap intervals over seeds and tasks and its null. " +
            "Order agreement: for each pair of seeds, Spearman rho (average ranks for ties) between their emergence steps over the task-levels that emerged in both (needs 3); mean, min and max over pairs.",
            spread, [.. PrecursorBySeed(precursors, models, options)], correlations, agreement);
    }

    private static EmergenceSpread Spread(string model, string taskLevel, string variant, IReadOnlyList<EmergenceEntry> seeds)
    {
        var steps = seeds.Where(e => e.Step is not null).Select(e => e.Step!.Value).Order().ToList();
        if (steps.Count == 0)
            return new(model, taskLevel, variant, seeds.Count, 0, null, null, null, null, null, "never emerged in any seed");
        var values = steps.Select(s => (double)s).ToArray();
        return new(model, taskLevel, variant, seeds.Count, steps.Count, steps[0], values.Median(), steps[^1], values.Average(),
            steps.Count >= 2 ? values.StandardDeviation() : null,
            steps.Count >= 2 ? "computed" : "one emerged seed: no spread");
    }

    private static List<OrderCorrelation> Pairs(string model, string variant, IReadOnlyList<EmergenceEntry> group)
    {
        var bySeed = group.GroupBy(e => e.Seed).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.ToDictionary(e => e.TaskLevel, e => e.Step));
        var seeds = bySeed.Keys.ToList();
        var result = new List<OrderCorrelation>();
        for (int i = 0; i < seeds.Count; i++)
            for (int j = i + 1; j < seeds.Count; j++)
            {
                var (a, b) = (bySeed[seeds[i]], bySeed[seeds[j]]);
                var both = a.Keys.Intersect(b.Keys).Where(tl => a[tl] is not null && b[tl] is not null).ToList();
                int leftOut = a.Keys.Union(b.Keys).Count() - both.Count;
                double? rho = null;
                string status;
                if (both.Count < 3) status = $"not computable: {both.Count} task-levels emerged in both seeds (need 3)";
                else
                {
                    double r = Correlation.Spearman(both.Select(tl => (double)a[tl]!.Value), both.Select(tl => (double)b[tl]!.Value));
                    rho = double.IsNaN(r) ? null : r;
                    status = rho is null ? "not computable: all emerged at the same step in one seed" : "computed";
                }
                result.Add(new OrderCorrelation(model, variant, seeds[i], seeds[j], both.Count, leftOut, rho, status));
            }
        return result;
    }

    private static OrderAgreement Agreement(string model, string variant, IReadOnlyList<OrderCorrelation> pairs)
    {
        var rhos = pairs.Where(p => p.Rho is not null).Select(p => p.Rho!.Value).ToList();
        string status = pairs.Count == 0 ? "not computable: one seed only" : rhos.Count == 0 ? "not computable: no pair of seeds is computable" : "computed";
        return new OrderAgreement(model, variant, pairs.Count, rhos.Count == 0 ? null : rhos.Average(),
            rhos.Count == 0 ? null : rhos.Min(), rhos.Count == 0 ? null : rhos.Max(), status);
    }

    private static IEnumerable<SeedPrecursorRate> PrecursorBySeed(PrecursorSection precursors, IReadOnlyList<string> models, AnalysisOptions options)
    {
        foreach (var measure in options.Measures)
            foreach (var model in models.Append("all"))
            {
                var units = precursors.Units.Where(u => u.Measure == measure && u.Unit == "task-level" && (model == "all" || u.Model == model)).ToList();
                if (units.Count == 0) continue;
                var bySeed = units.GroupBy(u => u.Seed).OrderBy(g => g.Key).ToDictionary(
                    g => g.Key.ToString(CultureInfo.InvariantCulture),
                    g => g.Any(u => u.Computable) ? (double?)g.Count(u => u.Precursor == true) / g.Count(u => u.Computable) : null);
                var pooled = precursors.Rates.FirstOrDefault(r => r.Measure == measure && r.Model == model && r.Class == "all" && r.Unit == "task-level");
                yield return new SeedPrecursorRate(measure, model, bySeed, pooled?.Rate, pooled?.CiOverSeeds, pooled?.CiOverTasks,
                    pooled?.NullMeanRate, pooled?.NullP, pooled?.Status ?? "not computable: no computable unit");
            }
    }
}
