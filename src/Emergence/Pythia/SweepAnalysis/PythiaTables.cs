using System.Globalization;
using System.Text;
using Emergence.Storage;

namespace Emergence.Pythia.SweepAnalysis;

/// <summary>tables.md of a Pythia analysis: our numbers next to the paper's (PROTOCOL §7).</summary>
internal static class PythiaTables
{
    private static string F(double? v, string format = "0.00") => v is null ? "n/c" : v.Value.ToString(format, CultureInfo.InvariantCulture);
    private static string Pct(double? v) => v is null ? "n/c" : (100 * v.Value).ToString("+0;-0;0", CultureInfo.InvariantCulture) + "%";
    private static string S(long? v) => v is null ? "n/c" : v.Value.ToString(CultureInfo.InvariantCulture);

    private static void Table(StringBuilder md, IEnumerable<string> header, IEnumerable<IEnumerable<string>> rows) =>
        Emergence.Analysis.MarkdownTables.Table(md, header, rows);

    public static string Render(PythiaAnalysisResult r)
    {
        var md = new StringBuilder();
        var paper = r.Paper.ToDictionary(p => p.Finding, p => p.V1);
        var models = r.Runs.Select(x => x.Label).ToList();
        var probes = r.Collapse.Select(c => c.ProbeSet).Distinct().Order(StringComparer.Ordinal).ToList();
        md.AppendLine("# Pythia analysis").AppendLine();

        md.AppendLine("## Runs").AppendLine();
        Table(md, ["model", "checkpoints used", "steps", "duplicates left out", "architecture"], r.Runs.Select(x => (IEnumerable<string>)
            [x.Label, x.Checkpoints.ToString(CultureInfo.InvariantCulture), $"{x.FirstStep}..{x.LastStep}",
             x.SkippedDuplicates.Count == 0 ? "none" : string.Join(", ", x.SkippedDuplicates.Select(s => $"step {s.Step} (= step {s.DuplicateOf})")),
             x.Model]));
        foreach (var run in r.Runs.Where(x => x.NonFinite is { Count: > 0 }))
            md.AppendLine($"**Warning:** {run.Label} has {run.NonFinite!.Count} value(s) that came out NaN or infinite (left out, flagged in the store's non_finite table); first: {run.NonFinite[0]}.").AppendLine();

        md.AppendLine("## Collapse depth and timing").AppendLine()
          .AppendLine("Final-layer RankMe: minimum over checkpoints of (RankMe(t) - RankMe(t0)) / RankMe(t0), t0 the first kept checkpoint, and the step where it is reached.").AppendLine();
        Table(md, ["probe set", .. models.Select(m => $"{m}: depth @ step"), "paper"], probes.Select(p => (IEnumerable<string>)
            [p, .. models.Select(m => r.Collapse.FirstOrDefault(c => c.Model == m && c.ProbeSet == p) is { } c
                ? c.Depth is null ? c.Status : $"{Pct(c.Depth)} @ {S(c.DepthStep)}" : "-"), paper["Pythia collapse"]]));

        md.AppendLine("### Layer profile at the depth step").AppendLine()
          .AppendLine("Relative change of each layer's RankMe at the final layer's depth step (layer 0 = embedding output).").AppendLine();
        Table(md, ["model", "probe set", "step", "layers 0..L"], r.Collapse.Where(c => c.Depth is not null).Select(c => (IEnumerable<string>)
            [c.Model, c.ProbeSet, S(c.DepthStep), string.Join(" ", c.Layers.Select(l => Pct(l.RelativeAtDepthStep)))]));

        md.AppendLine("## Ordering of probe sets across models").AppendLine().AppendLine(r.Ordering.Definition).AppendLine();
        Table(md, ["probe set", .. models.Select(m => $"{m}: depth rank / timing rank")], probes.Select(p => (IEnumerable<string>)
            [p, .. models.Select(m => r.Ordering.Ranks.FirstOrDefault(x => x.Model == m && x.ProbeSet == p) is { } x
                ? $"{F(x.DepthRank, "0.#")} / {F(x.TimingRank, "0.#")}" : "-")]));
        if (r.Ordering.Correlations.Count == 0)
            md.AppendLine("One model only: no correlation between models (paper: " + paper["Pythia probe ordering 160M vs 410M"] + ").").AppendLine();
        else
            Table(md, ["model A", "model B", "by", "probe sets", "Spearman rho", "paper"], r.Ordering.Correlations.Select(c => (IEnumerable<string>)
                [c.ModelA, c.ModelB, c.By, c.ProbeSets.ToString(CultureInfo.InvariantCulture), c.Rho is null ? c.Status : F(c.Rho),
                 c.By == "depth" ? paper["Pythia probe ordering 160M vs 410M"] : "-"]));

        md.AppendLine("## Precursor on the interpolated grid").AppendLine()
          .AppendLine($"GP (Matern 5/2) interpolation of the measure (final-layer RankMe, or a whole-model series) and the behaviour score on log10(step + 1), {r.Options.GridPoints} grid points; " +
                      $"cross-correlation of first differences, lags -{r.Options.MaxLag}..{r.Options.MaxLag} grid points (negative = the measure leads), " +
                      $"precursor when the peak is at a negative lag with |r| > {F(r.Options.Threshold)}. Null rate: fraction of {r.Options.NullReplicates} phase-randomised surrogates that pass the same rule.").AppendLine();
        Table(md, ["model", "measure", "probe set", "behaviour", "checkpoints", "peak lag", "r", "lead (decades)", "precursor", "null rate", "p", "paper"],
            r.Precursors.Select(x => (IEnumerable<string>)
            [x.Model, x.Measure, x.ProbeSet, x.Behaviour, x.Checkpoints.ToString(CultureInfo.InvariantCulture),
             x.PeakLag?.ToString(CultureInfo.InvariantCulture) ?? x.Status, F(x.PeakR), F(x.LeadDecades, "0.000"),
             x.Precursor is null ? "n/c" : x.Precursor.Value ? "yes" : "no", F(x.NullRate), F(x.PValue, "0.000"),
             x.Measure == MetricNames.RankMe ? paper["Pythia per-task precursor"] : "-"]));
        var fits = r.Precursors.SelectMany(x => new[] { x.MeasureFit, x.BehaviourFit }).OfType<GpFit>().ToList();
        int edge = fits.Count(f => f.LengthScaleAtGridEdge);
        if (edge > 0)
            md.AppendLine($"- {edge} of {fits.Count} GP fits chose a length scale at the edge of the grid (see results.json; noise variance {F(r.Options.Gp.NoiseVariance, "0.######")}).");
        foreach (var g in r.Precursors.Where(x => x.Precursor is not null && x.Behaviour != MetricNames.Accuracy).GroupBy(x => (x.Model, x.Measure)))
            md.AppendLine($"- {g.Key.Model}: {g.Count(x => x.Precursor == true)} of {g.Count()} probe sets show a {g.Key.Measure} precursor of the log-probability score" +
                          (g.Key.Measure == MetricNames.RankMe ? " (paper: negative)." : "."));
        md.AppendLine();
        return md.ToString();
    }
}
