using System.Globalization;
using System.Text;
using Emergence.Storage;
using static Emergence.Analysis.MarkdownTables;

namespace Emergence.Analysis;

/// <summary>Markdown for the majority-answer baselines and the chance-corrected emergence rule.</summary>
public static class ChanceCorrectionTables
{
    /// <summary>Appends to <paramref name="md"/> the baselines with each run's emergence step under both rules, the chance-corrected count and the rule each analysis uses.</summary>
    public static void Render(StringBuilder md, AnalysisResult r)
    {
        var e = r.Emergence;
        double theta = r.Options.AccuracyThreshold;
        md.AppendLine("### Majority-answer baselines and the chance-corrected rule").AppendLine().AppendLine(e.ChanceCorrectedDefinition).AppendLine();
        md.AppendLine($"Baseline b = accuracy of always giving the most common answer (exact, from the task generator's distribution); evaluation set = the same on the run's fixed evaluation set; " +
            $"corrected bar = accuracy the corrected rule requires, b + {F(theta, "0.###")}(1 − b). Paper's rule / chance-corrected rule per run:").AppendLine();
        Table(md, new[] { "task-level", "majority answer", "b (exact)", "b", "evaluation set", "corrected bar" }.Concat(r.Runs.Select(x => x.Label)),
            e.Baselines.Select(b => (IEnumerable<string>)[b.TaskLevel, Quote(b.Answer), b.Exact, F(b.Value, "0.0000"),
                b.EvaluationSet is null ? "n/c" : $"{F(b.EvaluationSet, "0.000")} ({Quote(b.EvaluationSetAnswer!)}, n={b.EvaluationSetSize})",
                F(b.Value + theta * (1 - b.Value), "0.000"),
                .. r.Runs.Select(run => $"{Step(e.Entries, run.Label, b.TaskLevel, MetricNames.Accuracy)} / {Step(e.Entries, run.Label, b.TaskLevel, ChanceCorrection.Variant)}")]));
        var count = e.Counts.FirstOrDefault(c => c.Variant == ChanceCorrection.Variant);
        if (count is not null)
            md.AppendLine($"Emerged under the chance-corrected rule: {count.Emerged} of {count.Total} task-level x run (never: {count.NeverEmerged}, not computable: {count.NotComputable}).").AppendLine();
        md.AppendLine("Rule used by each analysis:").AppendLine();
        foreach (var (analysis, rule) in e.RuleUsedBy) md.AppendLine($"- {analysis}: {rule}");
        md.AppendLine();
    }

    /// <summary>Prediction limits recomputed with the chance-corrected emergence steps.</summary>
    public static void RenderPrediction(StringBuilder md, PredictionUnderRule p)
    {
        md.AppendLine($"Under the chance-corrected rule ({p.Rule}): Spearman rho per run and pooled concordance:").AppendLine();
        Table(md, ["run", "tasks", "left out", "Spearman rho(floor, emergence)"],
            p.Spearman.Select(x => (IEnumerable<string>)[x.Run, x.Tasks.ToString(CultureInfo.InvariantCulture), x.Excluded.ToString(CultureInfo.InvariantCulture), x.Rho is null ? x.Status : F(x.Rho)]));
        Table(md, ["split", "concordant", "decided pairs", "ties", "left out", "share"],
            p.ConcordancePooled.Select(c => (IEnumerable<string>)[c.Split, c.Concordant.ToString(CultureInfo.InvariantCulture),
                (c.Pairs - c.Ties - c.Excluded).ToString(CultureInfo.InvariantCulture), c.Ties.ToString(CultureInfo.InvariantCulture),
                c.Excluded.ToString(CultureInfo.InvariantCulture), P(c.Share)]));
    }

    internal static string Step(IReadOnlyList<EmergenceEntry> entries, string run, string taskLevel, string variant)
    {
        var e = entries.FirstOrDefault(x => x.Run == run && x.TaskLevel == taskLevel && x.Variant == variant);
        return e is null ? "-" : e.Step?.ToString(CultureInfo.InvariantCulture) ?? (e.Status == EmergenceResult.Never ? "never" : "n/c");
    }

    private static string Quote(string answer) => $"`{answer}`";
}
