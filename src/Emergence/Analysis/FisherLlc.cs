using Emergence.Tasks;
using MathNet.Numerics.Statistics;
using Emergence.Storage;

namespace Emergence.Analysis;

/// <summary>One checkpoint where both the LLC and the task's Fisher rank are recorded.</summary>
public sealed record FisherLlcPoint(long Step, double Llc, double FisherRank, double? Ratio);

/// <summary>LLC against one Fisher-rank series of one task in one run (see <see cref="FisherLlc"/>).</summary>
public sealed record FisherLlcEntry(
    string Run, string Model, int Seed, string Task, string Class, string FisherMetric, IReadOnlyList<FisherLlcPoint> Trajectory,
    double? ConvergedRatio, int ConvergedPoints, string ConvergedStatus, double? Rho, string Status);

/// <summary>Spearman ρ(LLC, Fisher rank) pooled over every run x task x checkpoint, and its range over run x task.</summary>
public sealed record FisherLlcPooled(string FisherMetric, string Denoising, string Definition, int Points, double? PooledRho,
    int Entries, double? MinRho, double? MaxRho, string Status);

/// <summary>Converged ratio over the hard run x task entries that have one: their number, the median, and how many lie within [0.8, 1.2].</summary>
public sealed record FisherLlcConvergence(string FisherMetric, int HardEntries, double? MedianHardRatio, int HardNearOne, string Status);

/// <summary>The Fisher-LLC analysis: entries, convergence of the ratio, pooled correlations and the paper's values.</summary>
public sealed record FisherLlcSection(string Definition, IReadOnlyList<FisherLlcEntry> Entries, IReadOnlyList<FisherLlcConvergence> Convergence,
    IReadOnlyList<FisherLlcPooled> Correlations, IReadOnlyList<PaperValue> Paper);

/// <summary>
/// Fisher-LLC convergence. Singular learning theory: at a critical point of a regular direction set the
/// learning coefficient is λ = rank(F)/2 (Watanabe 2009), F the Fisher information. With llc(t) the
/// model-wide LLC estimate and r_T(t) the task's Fisher effective rank (mean over the task's recorded
/// levels of <c>fisher_erank_top20</c> or <c>fisher_erank</c>) at checkpoint t:
/// <code>
///   ratio_T(t)     = llc(t) / (r_T(t) / 2)
///   converged_T    = mean of ratio_T(t) over checkpoints with t >= 50,000 (the paper's "convergence")
///   rho_T          = Spearman ρ(llc(t), r_T(t)) over the checkpoints where both are recorded (needs 3)
///   pooled rho     = Spearman ρ over all run x task x checkpoint points
/// </code>
/// Table 9 repeats ρ after each Fisher-spectrum denoising (<see cref="FisherDenoisings"/>); those of the spectrum
/// take the stored eigenvalues of a level (<see cref="FisherSpectra"/>) behind the series, the 20 largest for
/// fisher_erank_top20 (what the paper stored and analysed) and all N for fisher_erank, then the mean over the
/// task's levels.
/// </summary>
internal static class FisherLlc
{
    public const long ConvergedFromStep = 50_000;
    public const double NearOneLow = 0.8, NearOneHigh = 1.2;
    public static readonly string[] FisherMetrics = ["fisher_erank_top20", "fisher_erank"];
    public const string EigenvaluesNotStored = "not computable: Fisher eigenvalues not stored (no fisher_eig rows: a run measured before they were recorded)";

    public static FisherLlcSection Analyze(IReadOnlyList<RunData> runs)
    {
        var entries = runs.SelectMany(run => FisherMetrics.SelectMany(metric => run.Tasks.Select(task => Entry(run, task, metric)))).ToList();
        var convergence = FisherMetrics.Select(m => Convergence(m, entries.Where(e => e.FisherMetric == m && e.Class == "hard").ToList())).ToList();
        var correlations = new List<FisherLlcPooled>();
        foreach (var metric in FisherMetrics)
        {
            var group = entries.Where(e => e.FisherMetric == metric).ToList();
            correlations.Add(Pooled(metric, "none", "the effective rank as stored", group, e => [.. e.Trajectory.Select(p => p.FisherRank)]));
            foreach (var d in FisherDenoisings.All)
                correlations.Add(d.OfEffectiveRankSeries is { } f
                    ? Pooled(metric, d.Name, d.Definition, group, e => f([.. e.Trajectory.Select(p => p.FisherRank)]))
                    : Pooled(metric, d.Name, d.Definition, group, e => AtTrajectory(runs, e, Of(metric, d.OfSpectrum!)), EigenvaluesNotStored));
        }
        return new FisherLlcSection(
            $"ratio = llc / (Fisher effective rank / 2) per checkpoint, task Fisher rank = mean over the task's recorded levels; converged ratio = mean ratio over checkpoints at step >= {ConvergedFromStep}; " +
            $"near 1 = within [{NearOneLow}, {NearOneHigh}]. rho = Spearman rho(llc, Fisher rank) over the checkpoints where both are recorded (per run x task; pooled over all run x task x checkpoint points). " +
            "Table 9: the same rho after each Fisher-spectrum denoising; a denoising of the spectrum takes the stored eigenvalues (fisher_eig) behind the column, " +
            "the 20 largest for fisher_erank_top20 (as the paper stored them; the Marchenko-Pastur edge then has n = 20) and all N for fisher_erank, per level, then the mean over levels; not computable for a run without fisher_eig rows.",
            entries, convergence, correlations, [.. PaperValues.FisherLlc.Values]);
    }

    /// <summary>The task's Fisher rank: mean over its recorded levels at each checkpoint (NaN where none is recorded).</summary>
    public static double[]? TaskFisherRank(RunData run, TaskKind task, string metric)
    {
        var levels = Enumerable.Range(1, TaskLevel.Levels).Select(l => run.Get(metric, task.Name(), l, -1)).OfType<double[]>().ToList();
        return levels.Count == 0 ? null : FisherSpectra.MeanOverLevels(levels, run.Steps.Count);
    }

    private static FisherLlcEntry Entry(RunData run, TaskKind task, string metric)
    {
        string cls = task.Class() == TaskClass.Hard ? "hard" : "easy";
        FisherLlcEntry Missing(string reason) => new(run.Label, run.Model, run.Seed, task.Name(), cls, metric, [], null, 0, "not computable: " + reason, null, "not computable: " + reason);
        var llc = run.Get(MetricNames.Llc, "", 0, -1);
        if (llc is null) return Missing("LLC not stored (run without the llc measure)");
        var rank = TaskFisherRank(run, task, metric);
        if (rank is null) return Missing($"{metric} not stored");
        var points = Enumerable.Range(0, run.Steps.Count).Where(i => !double.IsNaN(llc[i]) && !double.IsNaN(rank[i]))
            .Select(i => new FisherLlcPoint(run.Steps[i], llc[i], rank[i], rank[i] > 0 ? llc[i] / (rank[i] / 2) : null)).ToList();
        if (points.Count == 0) return Missing("no checkpoint with both LLC and Fisher rank");
        var late = points.Where(p => p.Step >= ConvergedFromStep && p.Ratio is not null).ToList();
        double? converged = late.Count == 0 ? null : late.Average(p => p.Ratio!.Value);
        string convergedStatus = late.Count > 0 ? "computed"
            : $"not computable: no checkpoint with both at step >= {ConvergedFromStep} (last: {points[^1].Step})";
        var (rho, status) = Rho(points.Select(p => p.Llc).ToArray(), [.. points.Select(p => p.FisherRank)]);
        return new(run.Label, run.Model, run.Seed, task.Name(), cls, metric, points, converged, late.Count, convergedStatus, rho, status);
    }

    /// <summary>Spearman ρ (MathNet, average ranks for ties); null with a reason below 3 points or for a constant series.</summary>
    public static (double? Rho, string Status) Rho(double[] x, double[] y)
    {
        if (x.Length < 3) return (null, $"not computable: {x.Length} checkpoints with both values (need 3)");
        double rho = Correlation.Spearman(x, y);
        return double.IsNaN(rho) ? (null, "not computable: a constant series") : (rho, "computed");
    }

    private static FisherLlcConvergence Convergence(string metric, IReadOnlyList<FisherLlcEntry> hard)
    {
        var ratios = hard.Where(e => e.ConvergedRatio is not null).Select(e => e.ConvergedRatio!.Value).ToList();
        if (ratios.Count == 0)
            return new(metric, 0, null, 0, hard.Count == 0 ? "not computable: no hard task"
                : $"not computable: no hard task has a converged ratio ({hard[0].ConvergedStatus.Replace("not computable: ", "")})");
        return new(metric, ratios.Count, ratios.Median(), ratios.Count(r => r >= NearOneLow && r <= NearOneHigh), "computed");
    }

    /// <summary>The 20 largest eigenvalues the paper stored and analysed, behind <c>fisher_erank_top20</c>.</summary>
    public const int PaperTop = 20;

    /// <summary>A denoising of the spectrum behind a Fisher series: the 20 largest eigenvalues for fisher_erank_top20, all N for fisher_erank.</summary>
    public static Func<double[], long, double> Of(string metric, Func<double[], long, double> denoising) =>
        metric == MetricNames.FisherErankTop20 ? (l, p) => denoising([.. l.Take(PaperTop)], p) : denoising;

    /// <summary>The task's denoised spectrum series (<see cref="FisherSpectra.TaskSeries"/>) at the entry's checkpoints; null when no spectrum is stored.</summary>
    private static double[]? AtTrajectory(IReadOnlyList<RunData> runs, FisherLlcEntry e, Func<double[], long, double> denoising)
    {
        var run = runs.First(r => r.Label == e.Run);
        var series = FisherSpectra.TaskSeries(run, TaskKinds.Parse(e.Task), denoising);
        if (series is null) return null;
        var index = run.Steps.Select((step, i) => (step, i)).ToDictionary(x => x.step, x => x.i);
        return [.. e.Trajectory.Select(p => series[index[p.Step]])];
    }

    /// <summary>
    /// ρ(LLC, fisher(entry)) pooled and per entry over the points where fisher(entry) is recorded (not NaN);
    /// an entry whose fisher is null is left out, and with none left the status is <paramref name="missing"/>.
    /// An entry with fewer than 3 such points (e.g. fisher_eig stored only from a late checkpoint on) has
    /// no trajectory and is left out of the pool too: pooled single points would correlate tasks, not steps.
    /// </summary>
    private static FisherLlcPooled Pooled(string metric, string name, string definition, IReadOnlyList<FisherLlcEntry> group,
        Func<FisherLlcEntry, double[]?> fisher, string? missing = null)
    {
        var usable = group.Where(e => e.Trajectory.Count > 0).ToList();
        var x = new List<double>();
        var y = new List<double>();
        var rhos = new List<double>();
        int withSeries = 0;
        foreach (var e in usable)
        {
            if (fisher(e) is not { } f) continue;
            withSeries++;
            var kept = Enumerable.Range(0, f.Length).Where(i => !double.IsNaN(f[i])).ToList();
            if (kept.Count < 3) continue;
            double[] llc = [.. kept.Select(i => e.Trajectory[i].Llc)], values = [.. kept.Select(i => f[i])];
            x.AddRange(llc);
            y.AddRange(values);
            if (Rho(llc, values).Rho is { } r) rhos.Add(r);
        }
        var (pooled, status) = usable.Count == 0
            ? (null, group.Count == 0 ? "not computable: no run x task" : group[0].Status)
            : withSeries == 0 ? (null, missing ?? "not computable: no series")
            : x.Count == 0 ? (null, "not computable: no run x task has 3 checkpoints with both values") : Rho([.. x], [.. y]);
        return new(metric, name, definition, x.Count, pooled, rhos.Count, rhos.Count == 0 ? null : rhos.Min(), rhos.Count == 0 ? null : rhos.Max(), status);
    }
}
