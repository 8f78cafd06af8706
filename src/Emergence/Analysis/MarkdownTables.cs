using System.Globalization;
using System.Text;
using Emergence.Storage;

namespace Emergence.Analysis;

/// <summary>Markdown tables mirroring the paper's, each next to the paper's value (PROTOCOL §7) where one exists.</summary>
internal static class MarkdownTables
{
    public static string Render(AnalysisResult r)
    {
        var md = new StringBuilder();
        md.AppendLine("# Emergence analysis").AppendLine();
        md.AppendLine($"Runs: {string.Join(", ", r.Runs.Select(x => $"{x.Label} ({x.Checkpoints} checkpoints, steps {x.FirstStep}-{x.LastStep})"))}.").AppendLine();
        if (r.Options.CheckpointGrid == CheckpointGrid.Paper)
            md.AppendLine("Checkpoint grid: the paper's schedule only (step 0, every 100 steps to 10K, every 500 to 50K, every 2,000 after, and the last step); the other stored checkpoints, such as the dense early ones, are left out of every analysis.").AppendLine();
        foreach (var warning in r.Runs.Select(x => x.Warning).OfType<string>())
            md.AppendLine($"**Warning:** {warning}.").AppendLine();
        md.AppendLine($"Lag convention: {r.Conventions["lag"]}").AppendLine();
        Emergence(md, r);
        Floors(md, r);
        TopDown(md, r);
        Precursors(md, r);
        Prediction(md, r);
        FisherLlcTables.Render(md, r.FisherLlc);
        FisherLlcTables.RenderTrace(md, r.LlcHessianTrace);
        EventPrecursorTables.Render(md, r.EventPrecursors);
        LossBarriers.Render(md, r.LossBarriers);
        SeedVariationTables.Render(md, r.SeedVariation);
        ProbeLeadTables.Render(md, r.ProbeLead);
        MeasureQualityTables.Render(md, r.MeasureQuality);
        return md.ToString();
    }

    internal static string Paper(PaperValue p) => p.Later is null ? p.V1 : $"{p.V1}; later {p.Later}";

    internal static string F(double? v, string format = "0.00") => v is null ? "n/c" : v.Value.ToString(format, CultureInfo.InvariantCulture);
    internal static string P(double? v) => v is null || double.IsNaN(v.Value) ? "n/c" : (100 * v.Value).ToString("0", CultureInfo.InvariantCulture) + "%";
    internal static string Ci(ConfidenceInterval? ci) => ci?.Lower is null ? "n/c" : $"{P(ci.Lower)}-{P(ci.Upper)}";

    /// <summary>Appends one Markdown table (header, separator, rows) and a blank line.</summary>
    internal static void Table(StringBuilder md, IEnumerable<string> header, IEnumerable<IEnumerable<string>> rows)
    {
        var h = header.ToList();
        md.AppendLine("| " + string.Join(" | ", h) + " |");
        md.AppendLine("|" + string.Concat(Enumerable.Repeat("---|", h.Count)));
        foreach (var row in rows) md.AppendLine("| " + string.Join(" | ", row) + " |");
        md.AppendLine();
    }

    private static void Emergence(StringBuilder md, AnalysisResult r)
    {
        md.AppendLine("## Emergence steps").AppendLine().AppendLine(r.Emergence.Definition).AppendLine();
        foreach (var variant in new[] { MetricNames.Accuracy, MetricNames.AnswerLogprob })
        {
            var entries = r.Emergence.Entries.Where(e => e.Variant == variant).ToList();
            var count = r.Emergence.Counts.FirstOrDefault(c => c.Variant == variant);
            md.AppendLine($"### By {variant}").AppendLine();
            Table(md, r.Runs.Select(x => x.Label).Prepend("task-level"),
                entries.Select(e => e.TaskLevel).Distinct().Select(tl => r.Runs.Select(run =>
                {
                    var e = entries.FirstOrDefault(x => x.Run == run.Label && x.TaskLevel == tl);
                    return e is null ? "-" : e.Step?.ToString(CultureInfo.InvariantCulture) ?? (e.Status == EmergenceResult.Never ? "never" : "n/c");
                }).Prepend(tl)));
            if (count is not null)
                md.AppendLine($"Emerged: {count.Emerged} of {count.Total} task-level x run (never: {count.NeverEmerged}, not computable: {count.NotComputable})" +
                    (variant == MetricNames.Accuracy ? $"; paper v1: {r.Emergence.Paper.V1}; later {r.Emergence.Paper.Later}." : ".")).AppendLine();
        }
        ChanceCorrectionTables.Render(md, r);
    }

    private static void Floors(StringBuilder md, AnalysisResult r)
    {
        md.AppendLine("## Collapse floors").AppendLine().AppendLine(r.CollapseFloors.Definition).AppendLine();
        var tasks = r.CollapseFloors.AcrossSizes.Select(s => s.Task).ToList();
        Table(md, r.Runs.Select(x => x.Label).Prepend("task").Concat(["mean +- std", "CV", "paper"]),
            r.CollapseFloors.AcrossSizes.Select(s => r.Runs.Select(run =>
                {
                    var e = r.CollapseFloors.Entries.First(x => x.Run == run.Label && x.Task == s.Task).Result;
                    return e.Floor is null ? "n/c" : $"{F(e.Floor)} @{e.FloorStep}";
                }).Prepend(s.Task).Concat([$"{F(s.Mean)} +- {F(s.Std)}", F(s.Cv), PaperValues.Floors.TryGetValue(s.Task, out var p) ? Paper(p) : "-"])));
        md.AppendLine("Recovery (magnitude / slope per 1000 steps):").AppendLine();
        Table(md, r.Runs.Select(x => x.Label).Prepend("task"),
            tasks.Select(t => r.Runs.Select(run =>
            {
                var e = r.CollapseFloors.Entries.First(x => x.Run == run.Label && x.Task == t).Result;
                return e.Floor is null ? "n/c" : $"{F(e.RecoveryMagnitude)} / {F(e.RecoverySlopePer1000, "0.000")}";
            }).Prepend(t)));
    }

    private static void TopDown(StringBuilder md, AnalysisResult r)
    {
        md.AppendLine("## Top-down propagation").AppendLine().AppendLine(r.TopDown.Definition).AppendLine();
        Table(md, ["model", "task x model", "computable", "strict (chance; N_eff)", "weak (chance)", "strict by drop", "mean first-to-last reduction", "temporal top-down", "paper"],
            r.TopDown.Counts.Select(c => (IEnumerable<string>)[c.Model, c.Eligible.ToString(CultureInfo.InvariantCulture), c.Computable.ToString(CultureInfo.InvariantCulture),
                $"{c.Strict}/{c.Computable} ({P(c.ChanceStrict)}; {F(c.EffectiveNStrict?.Value, "0.0")})", $"{c.Weak}/{c.Computable} ({P(c.ChanceWeak)})",
                $"{c.StrictByDrop}/{c.Computable}", P(c.MeanFirstToLastReduction),
                c.TemporalComputable == 0 ? "n/c (no dense early checkpoints)" : $"{c.TemporalTopDown}/{c.TemporalComputable}",
                c.Model == "all" ? Paper(r.TopDown.Paper) : "-"]));
        if (r.TopDown.Entries.Count > 0)
            Table(md, ["run", "task", "RankMe at floor, layer 1 to L", "strict", "weak", "fall from first checkpoint, layer 1 to L", "strict by drop", "reduction", "layer minimum steps", "order reached"],
                r.TopDown.Entries.Select(e => (IEnumerable<string>)[e.Run, e.Task,
                    e.Result.Computable ? string.Join(", ", e.Result.RankMeAtFloor.Select(v => F(v))) : e.Result.Status,
                    e.Result.Strict is null ? "n/c" : e.Result.Strict.Value ? "yes" : "no",
                    e.Result.Weak is null ? "n/c" : e.Result.Weak.Value ? "yes" : "no",
                    e.Result.DropByLayer is null ? "-" : string.Join(", ", e.Result.DropByLayer.Select(v => P(v))),
                    e.Result.StrictByDrop is null ? "n/c" : e.Result.StrictByDrop.Value ? "yes" : "no",
                    P(e.Result.FirstToLastReduction),
                    e.Result.MinimumStepByLayer is null ? "-" : string.Join(", ", e.Result.MinimumStepByLayer),
                    OrderReached(e.Result)]));
    }

    /// <summary>Layers in the order they reach their minimum; layers reaching it at the same step are joined by "=" (no order among them).</summary>
    internal static string OrderReached(TopDownResult result) => result.MinimumStepByLayer is null ? "-"
        : string.Join(" → ", result.Layers.Select((layer, i) => (layer, step: result.MinimumStepByLayer[i]))
            .GroupBy(p => p.step).OrderBy(g => g.Key)
            .Select(g => string.Join(" = ", g.Select(p => p.layer).Order().Select(l => $"L{l}"))));

    private static void Precursors(StringBuilder md, AnalysisResult r)
    {
        var s = r.Precursors;
        md.AppendLine("## Precursor hierarchy").AppendLine().AppendLine(s.Definition).AppendLine();
        md.AppendLine("Rates over all runs: rate (precursors/computable units, N_eff = effective number of independent observations, units not computable); null = mean rate under the null / one-sided p-value; CI = 95% bootstrap over tasks or seeds.").AppendLine();
        Table(md, ["measure", "rate (task-level)", "null / p", "CI tasks", "CI seeds", "rate (task)", "median lead (steps)", "cost (s)", "paper"],
            r.Options.Measures.Select(m =>
            {
                var tl = s.Rates.FirstOrDefault(x => x.Measure == m && x.Model == "all" && x.Class == "all" && x.Unit == "task-level");
                var tk = s.Rates.FirstOrDefault(x => x.Measure == m && x.Model == "all" && x.Class == "all" && x.Unit == "task");
                var costs = s.Costs.Where(c => c.Measure == m && c.MeanSeconds is not null).ToList();
                return (IEnumerable<string>)[m,
                    tl is null ? NotComputable(s, m) : RateCell(tl), tl is null ? "-" : $"{P(tl.NullMeanRate)} / {F(tl.NullP, "0.000")}",
                    Ci(tl?.CiOverTasks), Ci(tl?.CiOverSeeds),
                    tk is null ? "n/c" : RateCell(tk),
                    tl?.MedianLeadSteps?.ToString(CultureInfo.InvariantCulture) ?? "n/c",
                    costs.Count == 0 ? "not recorded" : string.Join(", ", costs.Select(c => $"{c.Model} {F(c.MeanSeconds, "0.0")}")),
                    PaperValues.Precursor.TryGetValue(m, out var p) ? p.V1 : "-"];
            }));
        md.AppendLine($"Where the peak |r| lies (task-level units, all runs, |r| > {r.Options.CorrelationThreshold.ToString(CultureInfo.InvariantCulture)}): leading (negative lag: the precursor rate), same checkpoint (lag 0) and lagging (positive lag: what the opposite lag convention would call precursors); the rest peak below the threshold.").AppendLine();
        Table(md, ["measure", "leading", "same checkpoint", "lagging", "below threshold", "units"],
            r.Options.Measures.Select(m => s.Rates.FirstOrDefault(x => x.Measure == m && x.Model == "all" && x.Class == "all" && x.Unit == "task-level") is { Rate: not null } tl
                ? (IEnumerable<string>)[m, P(tl.Rate), P(tl.SameCheckpointRate), P(tl.LaggingRate), P(Math.Max(0, 1 - tl.Rate!.Value - tl.SameCheckpointRate!.Value - tl.LaggingRate!.Value)), tl.Units.ToString(CultureInfo.InvariantCulture)]
                : [m, "n/c", "n/c", "n/c", "n/c", "0"]));
        md.AppendLine("By model, overall / easy / hard (task-level units; per task in brackets):").AppendLine();
        var models = s.Rates.Select(x => x.Model).Distinct().ToList();
        Table(md, ["measure", "model", "overall", "easy", "hard", "null p overall", "CI tasks overall", "median lead (steps)", "paper"],
            r.Options.Measures.SelectMany(m => models.Select(model =>
            {
                string Cell(string cls)
                {
                    var a = s.Rates.FirstOrDefault(x => x.Measure == m && x.Model == model && x.Class == cls && x.Unit == "task-level");
                    var b = s.Rates.FirstOrDefault(x => x.Measure == m && x.Model == model && x.Class == cls && x.Unit == "task");
                    return $"{(a is null ? "n/c" : RateCell(a))} [{(b is null ? "n/c" : RateCell(b))}]";
                }
                var all = s.Rates.FirstOrDefault(x => x.Measure == m && x.Model == model && x.Class == "all" && x.Unit == "task-level");
                string paper = m == MetricNames.RankMe && model == "nano" ? PaperValues.Precursor[MetricNames.RankMe].V1
                    : m == MetricNames.RankMe && PaperValues.HardRankMeByModel.TryGetValue(model, out var h) ? $"hard {h}" : "-";
                return (IEnumerable<string>)[m, model, Cell("all"), Cell("easy"), Cell("hard"),
                    F(all?.NullP, "0.000"), Ci(all?.CiOverTasks), all?.MedianLeadSteps?.ToString(CultureInfo.InvariantCulture) ?? "n/c", paper];
            }).Where(row => !row.Skip(2).Take(3).All(c => c == "n/c [n/c]"))));
        if (s.Missing.Count > 0)
        {
            md.AppendLine("Not computable:").AppendLine();
            foreach (var m in s.Missing) md.AppendLine($"- {m.Measure} in {m.Run}: {m.Reason}");
            md.AppendLine();
        }
    }

    private static string NotComputable(PrecursorSection s, string measure) =>
        s.Missing.Any(m => m.Measure == measure) ? "n/c (not recorded)" : "n/c";

    private static string RateCell(PrecursorRate rate) =>
        rate.Rate is null ? "n/c" : $"{P(rate.Rate)} ({rate.Precursors}/{rate.Units}, N_eff {F(rate.EffectiveN?.Value, "0.0")}{(rate.NotComputable > 0 ? $", {rate.NotComputable} n/c" : "")})";

    private static void Prediction(StringBuilder md, AnalysisResult r)
    {
        var p = r.Prediction;
        md.AppendLine("## Prediction limits").AppendLine().AppendLine(p.Definition).AppendLine();
        Table(md, ["run", "tasks", "left out", "Spearman rho(floor, emergence)", "paper"],
            p.Spearman.Select(x => (IEnumerable<string>)[x.Run, x.Tasks.ToString(CultureInfo.InvariantCulture), x.Excluded.ToString(CultureInfo.InvariantCulture),
                x.Rho is null ? x.Status : F(x.Rho), PaperValues.Spearman.V1]));
        md.AppendLine("Concordance (pooled over runs; " + r.Conventions["concordance"] + "):").AppendLine();
        Table(md, ["split", "concordant", "decided pairs", "ties", "left out", "share (chance 50%)", "run x task points", "paper"],
            p.ConcordancePooled.Select(c => (IEnumerable<string>)[c.Split, c.Concordant.ToString(CultureInfo.InvariantCulture),
                (c.Pairs - c.Ties - c.Excluded).ToString(CultureInfo.InvariantCulture), c.Ties.ToString(CultureInfo.InvariantCulture),
                c.Excluded.ToString(CultureInfo.InvariantCulture), P(c.Share), c.Points.ToString(CultureInfo.InvariantCulture),
                PaperValues.Concordance.TryGetValue(c.Split, out var v) ? Paper(v) : "-"]));
        md.AppendLine("Swap test:").AppendLine();
        Table(md, ["seed", "reversed pairs", "predicted by early RankMe", "share", "paper"],
            p.SwapBySeed.Select(x => (IEnumerable<string>)[x.Seed.ToString(CultureInfo.InvariantCulture), x.Test.Reversed.ToString(CultureInfo.InvariantCulture),
                x.Test.Predicted.ToString(CultureInfo.InvariantCulture), x.Test.Share is null ? x.Test.Status : P(x.Test.Share), PaperValues.Swap.V1])
            .Append(["pooled", p.SwapPooled.Reversed.ToString(CultureInfo.InvariantCulture), p.SwapPooled.Predicted.ToString(CultureInfo.InvariantCulture),
                p.SwapPooled.Share is null ? p.SwapPooled.Status : P(p.SwapPooled.Share), PaperValues.Swap.V1]));
        ChanceCorrectionTables.RenderPrediction(md, p.ChanceCorrected);
    }
}
