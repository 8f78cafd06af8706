using Emergence.Tasks;
using Emergence.Storage;

namespace Emergence.Analysis;

/// <summary>One event metric's value for one task in one run, or the reason there is none.</summary>
public sealed record EventValue(string Run, string Model, int Seed, string Task, string Metric, double? Value, string Status);

/// <summary>
/// The 13 event-based precursor metrics of the paper's appendix, one scalar per run and task. R_T(s) is
/// the task RankMe (task-pooled level 0, final block) at checkpoint step s; the matched checkpoint is the
/// last recorded one at step ≤ H = collapse window + recovery window (2,200 steps by default), i.e. after
/// the collapse and its recovery window:
/// <list type="number">
/// <item><c>collapse_timing</c>: first step s with R_T(s) &lt; 0.5 R_T(s_0), s_0 the first recorded step;</item>
/// <item><c>floor_value</c>: the collapse floor (<see cref="CollapseFloor"/>);</item>
/// <item><c>recovery_slope</c>: the OLS recovery slope after the floor, per 1,000 steps;</item>
/// <item><c>recovery_magnitude</c>: the largest RankMe in the recovery window minus the floor;</item>
/// <item><c>cross_task_divergence</c>: z_T = (R_T − mean_U R_U) / std_U R_U over the run's tasks U (sample std)
/// at the matched checkpoint;</item>
/// <item><c>gradient_alignment</c>: cosine between task-specific gradients (not stored);</item>
/// <item><c>eigenvalue_concentration</c>: λ_1 / Σλ of the task Fisher (stored spectrum, <see cref="FisherSpectra"/>; mean over levels) at the matched checkpoint;</item>
/// <item><c>fisher_erank</c>: the task Fisher effective rank (<c>fisher_erank_top20</c>, mean over levels) at the matched checkpoint;</item>
/// <item><c>llc_value</c>: the LLC at the matched checkpoint;</item>
/// <item><c>llc_transition_timing</c>: the step s_i at which |llc(s_i) − llc(s_(i−1))| is largest;</item>
/// <item><c>spectral_gap</c>: λ_1 / λ_2 of the task Fisher (mean over levels) at the matched checkpoint;</item>
/// <item><c>gradient_norm_divergence</c>: task gradient norms (not stored);</item>
/// <item><c>layer_rankme_gradient</c>: OLS slope of the task RankMe (level 0) on block index 1..L at the matched checkpoint.</item>
/// </list>
/// The LLC is one model-wide value per checkpoint, the same for every task, so items 9-10 cannot order tasks.
/// </summary>
internal static class EventMetrics
{
    public static readonly IReadOnlyList<(string Name, string Definition)> All =
    [
        ("collapse_timing", "first step with task RankMe < 50% of its first recorded value"),
        ("floor_value", "collapse floor: minimum task RankMe over steps <= collapse window"),
        ("recovery_slope", "OLS slope of task RankMe over [floor step, floor step + recovery window], per 1000 steps"),
        ("recovery_magnitude", "max task RankMe in (floor step, floor step + recovery window] minus the floor"),
        ("cross_task_divergence", "z-score of the task's RankMe against the mean and sample std over the run's tasks, at the matched checkpoint"),
        ("gradient_alignment", "cosine between task-specific gradients"),
        ("eigenvalue_concentration", "top-1 / trace of the task Fisher (mean over levels) at the matched checkpoint"),
        ("fisher_erank", "task Fisher effective rank (fisher_erank_top20, mean over levels) at the matched checkpoint"),
        ("llc_value", "LLC at the matched checkpoint"),
        ("llc_transition_timing", "step of the largest absolute LLC change between consecutive recorded checkpoints"),
        ("spectral_gap", "top-1 / top-2 eigenvalue of the task Fisher (mean over levels) at the matched checkpoint"),
        ("gradient_norm_divergence", "divergence of task gradient norms"),
        ("layer_rankme_gradient", "OLS slope of task RankMe (level 0) on block index 1..L at the matched checkpoint"),
    ];

    public const string LlcModelWide = "not computable: the LLC is model-wide (one value per checkpoint, the same for every task), so it cannot order tasks";

    public static readonly IReadOnlyDictionary<string, string> NotStored = new Dictionary<string, string>
    {
        ["gradient_alignment"] = "not computable: task-specific gradients not stored",
        ["gradient_norm_divergence"] = "not computable: task gradient norms not stored",
        ["llc_value"] = LlcModelWide,
        ["llc_transition_timing"] = LlcModelWide,
    };

    private static readonly (string Name, Func<double[], double> Of)[] SpectrumMetrics =
        [("eigenvalue_concentration", FisherDenoisings.Concentration), ("spectral_gap", FisherDenoisings.SpectralGapRatio)];

    public static long MatchedHorizon(AnalysisOptions options) => options.CollapseWindowSteps + options.RecoveryWindowSteps;

    /// <summary>Every metric's value for every task of the run.</summary>
    public static IEnumerable<EventValue> Values(RunData run, AnalysisOptions options)
    {
        long horizon = MatchedHorizon(options);
        var tasks = run.Tasks;
        var rankme = tasks.ToDictionary(t => t, run.TaskRankMe);
        foreach (var task in tasks)
        {
            EventValue Value(string metric, double? value, string? missing) =>
                new(run.Label, run.Model, run.Seed, task.Name(), metric, value, value is null ? missing ?? "not computable" : "computed");
            var r = rankme[task];
            var floor = CollapseFloor.Compute(run.Steps, r, options.CollapseWindowSteps, options.RecoveryWindowSteps);
            yield return Value("collapse_timing", CollapseTiming(run.Steps, r), r is null ? floor.Status : "not computable: RankMe never below 50% of its first value");
            yield return Value("floor_value", floor.Floor, floor.Status);
            yield return Value("recovery_slope", floor.RecoverySlopePer1000, floor.Computable ? "not computable: fewer than two checkpoints in the recovery window" : floor.Status);
            yield return Value("recovery_magnitude", floor.RecoveryMagnitude, floor.Computable ? "not computable: no checkpoint in the recovery window" : floor.Status);
            yield return Value("cross_task_divergence", CrossTaskZ(run.Steps, rankme, task, horizon), $"not computable: no checkpoint at steps <= {horizon} with the task RankMe of at least 3 tasks, not all equal");
            var fisher = FisherLlc.TaskFisherRank(run, task, MetricNames.FisherErankTop20);
            yield return Value("fisher_erank", fisher is null ? null : AtMatched(run.Steps, fisher, horizon),
                fisher is null ? "not computable: fisher_erank_top20 not stored" : $"not computable: no fisher_erank_top20 at steps <= {horizon}");
            foreach (var (metric, of) in SpectrumMetrics)
            {
                var series = FisherSpectra.TaskSeries(run, task, (l, _) => of(l));
                yield return Value(metric, series is null ? null : AtMatched(run.Steps, series, horizon),
                    series is null ? FisherLlc.EigenvaluesNotStored : $"not computable: no Fisher spectrum with a value at steps <= {horizon}");
            }
            yield return Value("layer_rankme_gradient", LayerGradient(run, task, horizon), $"not computable: task RankMe of blocks 1..L not recorded together at steps <= {horizon}");
            foreach (var (metric, reason) in NotStored)
                yield return Value(metric, null, reason);
        }
    }

    /// <summary>First step with R(s) &lt; 0.5 R(s_0); null when never.</summary>
    public static double? CollapseTiming(IReadOnlyList<long> steps, double[]? r)
    {
        if (r is null) return null;
        int first = Array.FindIndex(r, v => !double.IsNaN(v));
        if (first < 0) return null;
        for (int i = first + 1; i < steps.Count; i++)
            if (r[i] < 0.5 * r[first]) return steps[i];
        return null;
    }

    /// <summary>The value at the last checkpoint with step ≤ horizon where it is recorded.</summary>
    public static double? AtMatched(IReadOnlyList<long> steps, double[] series, long horizon)
    {
        for (int i = steps.Count - 1; i >= 0; i--)
            if (steps[i] <= horizon && !double.IsNaN(series[i])) return series[i];
        return null;
    }

    private static double? CrossTaskZ(IReadOnlyList<long> steps, IReadOnlyDictionary<TaskKind, double[]?> rankme, TaskKind task, long horizon)
    {
        for (int i = steps.Count - 1; i >= 0; i--)
        {
            if (steps[i] > horizon) continue;
            var values = rankme.Values.Select(v => v is null ? double.NaN : v[i]).ToList();
            if (values.Any(double.IsNaN) || values.Count < 3) continue;
            double mean = values.Average(), std = MathNet.Numerics.Statistics.Statistics.StandardDeviation(values);
            return std > 0 ? (rankme[task]![i] - mean) / std : null;
        }
        return null;
    }

    private static double? LayerGradient(RunData run, TaskKind task, long horizon)
    {
        var layers = Enumerable.Range(1, run.Layers).Select(l => run.Get(MetricNames.RankMe, task.Name(), 0, l)).ToList();
        if (layers.Count < 2 || layers.Any(l => l is null)) return null;
        for (int i = run.Steps.Count - 1; i >= 0; i--)
        {
            if (run.Steps[i] > horizon || layers.Any(l => double.IsNaN(l![i]))) continue;
            return CollapseFloor.OlsSlope([.. Enumerable.Range(1, run.Layers).Select(l => (double)l)], [.. layers.Select(l => l![i])]);
        }
        return null;
    }
}
