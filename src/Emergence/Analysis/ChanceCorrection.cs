using Emergence.Tasks;
using Emergence.Training;

namespace Emergence.Analysis;

/// <summary>
/// A task-level's majority-answer baseline as the analyses use it. <c>Value</c> (exact as the
/// fraction <c>Exact</c>) is the probability of the majority answer under the task generator's
/// distribution, by exact enumeration (<see cref="MajorityBaseline.Exact"/>); the chance-corrected
/// rule uses it. <c>EvaluationSet</c> is the share of the same run's fixed evaluation set that its own
/// most common answer would get right (regenerated from the set's seed and the run's
/// evaluation_per_task_level), for comparison.
/// </summary>
public sealed record BaselineEntry(string TaskLevel, string Answer, string Exact, double Value,
    string? EvaluationSetAnswer, double? EvaluationSet, int EvaluationSetSize);

/// <summary>
/// The chance-corrected emergence rule (beside the paper's). With b the majority-answer baseline of a
/// task-level and a(t) its accuracy, the corrected accuracy is
/// <code>  c(t) = (a(t) − b) / (1 − b)  </code>
/// (0 at the baseline, 1 at perfect accuracy; Cohen's kappa form of chance correction), and the
/// corrected emergence step is the paper's rule applied to c: the first step of the first run of k
/// consecutive checkpoints with c &gt; θ, i.e. a &gt; b + θ (1 − b), with the paper's θ and k. For a
/// task, c_T(t) is the mean over its levels of c_{T,l}(t). Because c is an affine map of a, first
/// differences of c are those of a scaled by 1/(1 − b), and a Pearson correlation of differences is
/// unchanged: the precursor test gives identical results under either rule.
/// </summary>
internal static class ChanceCorrection
{
    /// <summary>The emergence variant name of the corrected rule in results.json and the tables.</summary>
    public const string Variant = "accuracy_chance_corrected";

    public const string Definition =
        "Chance-corrected rule: c(t) = (accuracy(t) − b) / (1 − b) with b the task-level's majority-answer baseline (the probability of its most common answer under the task generator's distribution, exact by enumeration); " +
        "emergence when c > θ for k consecutive checkpoints (θ, k as for the paper's rule), i.e. accuracy > b + θ(1 − b). Task series (prediction limits): mean over levels of c.";

    public static IReadOnlyList<BaselineEntry> Baselines(RunData run)
    {
        int perTaskLevel = EvaluationSize(run);
        var sets = perTaskLevel > 0 ? ExampleSets.Evaluation(perTaskLevel, run.TaskLevels) : null;
        return [.. run.TaskLevels.Select((tl, i) =>
        {
            var exact = MajorityBaseline.Exact(tl);
            var onSet = sets is null ? null : MajorityBaseline.OnSet(sets[i]);
            return new BaselineEntry(tl.Name, exact.Answer, exact.Share.ToString(), exact.Share.ToDouble(),
                onSet?.Answer, onSet?.Share.ToDouble(), perTaskLevel);
        })];
    }

    private static int EvaluationSize(RunData run)
    {
        try { return TrainingConfig.FromJson(run.ConfigJson).EvaluationPerTaskLevel; }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or NotSupportedException) { return 0; }
    }

    /// <summary>c(t) = (a(t) − b) / (1 − b); NaN stays NaN. Null for a null series.</summary>
    public static double[]? Correct(double[]? accuracy, double baseline)
    {
        if (!(baseline is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(baseline), baseline, "a baseline must be in [0, 1)");
        return accuracy?.Select(a => (a - baseline) / (1 - baseline)).ToArray();
    }

    /// <summary>The task's corrected series: mean over its levels of c (NaN where a level is missing); null without accuracy.</summary>
    public static double[]? TaskSeries(RunData run, TaskKind task, IReadOnlyDictionary<string, double> baselines)
    {
        var levels = run.TaskLevels.Where(t => t.Task == task).Select(t => Correct(run.Accuracy(t), baselines[t.Name])!).ToList();
        if (levels.Count == 0) return null;
        return [.. Enumerable.Range(0, run.Steps.Count).Select(i => levels.Average(s => s[i]))];
    }

    /// <summary>Emergence of one task-level under the corrected rule.</summary>
    public static EmergenceResult Detect(RunData run, TaskLevel taskLevel, double baseline, AnalysisOptions options) =>
        EmergenceDetector.Detect(run.Steps, Correct(run.Accuracy(taskLevel), baseline), options.AccuracyThreshold, options.ConsecutiveCheckpoints);
}
