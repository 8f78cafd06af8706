using System.Globalization;
using System.Text;
using static Emergence.Analysis.MarkdownTables;

namespace Emergence.Analysis;

/// <summary>Markdown for the variation over seeds (<see cref="SeedVariation"/>).</summary>
public static class SeedVariationTables
{
    /// <summary>Appends the section's tables to <paramref name="md"/>.</summary>
    public static void Render(StringBuilder md, SeedVariationSection s)
    {
        md.AppendLine("## Variation over seeds").AppendLine().AppendLine(s.Definition).AppendLine();
        if (s.Spread.All(x => x.Seeds < 2))
        {
            md.AppendLine("One seed per size: no variation over seeds to report (the per-run steps are in the emergence tables).").AppendLine();
            return;
        }
        md.AppendLine("Emergence step over seeds, paper's rule | chance-corrected rule: median [min-max], mean +- sd, emerged/seeds:").AppendLine();
        var models = s.Spread.Select(x => x.Model).Distinct().ToList();
        Table(md, models.Prepend("task-level"),
            s.Spread.Select(x => x.TaskLevel).Distinct().Select(tl => models.Select(m =>
                string.Join(" \\| ", SeedVariation.Variants.Select(v => Cell(s.Spread.FirstOrDefault(x => x.Model == m && x.TaskLevel == tl && x.Variant == v))))).Prepend(tl)));
        md.AppendLine("Order agreement between seeds (Spearman rho of the emergence steps over task-levels emerged in both):").AppendLine();
        Table(md, ["model", "rule", "seed pairs", "mean rho", "min-max", "pairs (rho, task-levels)"],
            s.OrderAgreement.Select(a => (IEnumerable<string>)[a.Model, a.Variant, a.Pairs.ToString(CultureInfo.InvariantCulture),
                a.MeanRho is null ? a.Status : F(a.MeanRho), a.MinRho is null ? "-" : $"{F(a.MinRho)}-{F(a.MaxRho)}",
                string.Join("; ", s.OrderCorrelations.Where(c => c.Model == a.Model && c.Variant == a.Variant)
                    .Select(c => $"s{c.SeedA}-s{c.SeedB}: {(c.Rho is null ? "n/c" : F(c.Rho))} ({c.TaskLevels})"))]));
        if (s.PrecursorRates.Count == 0)
        {
            md.AppendLine("Precursor rate per seed: no measure with precursor units.").AppendLine();
            return;
        }
        md.AppendLine("Precursor rate per seed (task-level units), pooled rate with its 95% bootstrap intervals and null:").AppendLine();
        Table(md, ["measure", "model", "rate by seed", "pooled", "CI seeds", "CI tasks", "null mean / p"],
            s.PrecursorRates.Select(p => (IEnumerable<string>)[p.Measure, p.Model,
                string.Join(", ", p.RateBySeed.Select(kv => $"s{kv.Key} {P(kv.Value)}")), P(p.Pooled), Ci(p.CiOverSeeds), Ci(p.CiOverTasks),
                $"{P(p.NullMeanRate)} / {F(p.NullP, "0.000")}"]));
    }

    private static string Cell(EmergenceSpread? x) =>
        x is null ? "-"
        : x.Emerged == 0 ? $"never (0/{x.Seeds})"
        : $"{F(x.Median, "0")} [{x.Min}-{x.Max}], {F(x.Mean, "0")} +- {F(x.Sd, "0")}, {x.Emerged}/{x.Seeds}";
}
