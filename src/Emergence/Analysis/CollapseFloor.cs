namespace Emergence.Analysis;

/// <summary>The collapse floor of one task in one run, or the reason it cannot be computed.</summary>
public sealed record CollapseFloorResult(
    double? Floor, long? FloorStep, double? Initial, double? RelativeDrop,
    double? RecoveryMagnitude, double? RecoverySlopePer1000, string Status)
{
    /// <summary>Whether the floor was computed.</summary>
    public bool Computable => Floor is not null;
    /// <summary>A result that only says why the floor cannot be computed.</summary>
    public static CollapseFloorResult NotComputable(string reason) => new(null, null, null, null, null, null, "not computable: " + reason);
}

/// <summary>
/// Collapse floor (PROTOCOL §5). With R(s) the task RankMe (task-pooled, level 0, final block) at
/// checkpoint step s and W the collapse window (200 steps):
/// <list type="bullet">
/// <item>floor F = min over checkpoints s ≤ W of R(s); floor step s* = the earliest step attaining it;</item>
/// <item>initial R_0 = R at the first recorded checkpoint; relative drop = (R_0 − F) / R_0;</item>
/// <item>recovery magnitude = max R(s) over s* &lt; s ≤ s* + V minus F (V = recovery window, 2,000 steps);</item>
/// <item>recovery slope = ordinary-least-squares slope of R(s) on s over s* ≤ s ≤ s* + V, per 1,000 steps.</item>
/// </list>
/// Recovery needs at least one checkpoint after s* inside the window (the slope two points in all).
/// </summary>
internal static class CollapseFloor
{
    public static CollapseFloorResult Compute(IReadOnlyList<long> steps, double[]? rankme, long window, long recoveryWindow)
    {
        if (rankme is null) return CollapseFloorResult.NotComputable("task RankMe (level 0, final layer) not recorded");
        int best = -1, first = -1;
        for (int i = 0; i < steps.Count && steps[i] <= window; i++)
        {
            if (double.IsNaN(rankme[i])) continue;
            if (first < 0) first = i;
            if (best < 0 || rankme[i] < rankme[best]) best = i;
        }
        if (best < 0) return CollapseFloorResult.NotComputable($"no task RankMe recorded at steps <= {window}");
        double floor = rankme[best], initial = rankme[first];
        long floorStep = steps[best];
        var xs = new List<double> { floorStep };
        var ys = new List<double> { floor };
        double? maxAfter = null;
        for (int i = best + 1; i < steps.Count && steps[i] <= floorStep + recoveryWindow; i++)
        {
            if (double.IsNaN(rankme[i])) continue;
            xs.Add(steps[i]);
            ys.Add(rankme[i]);
            maxAfter = Math.Max(maxAfter ?? double.NegativeInfinity, rankme[i]);
        }
        double? slope = xs.Count >= 2 ? 1000 * OlsSlope(xs, ys) : null;
        return new CollapseFloorResult(floor, floorStep, initial, initial == 0 ? null : (initial - floor) / initial,
            maxAfter - floor, slope, maxAfter is null ? "computed (no checkpoint inside the recovery window)" : "computed");
    }

    /// <summary>OLS slope b = Σ(x−x̄)(y−ȳ) / Σ(x−x̄)².</summary>
    public static double OlsSlope(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0;
        for (int i = 0; i < x.Count; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxy / sxx;
    }
}

/// <summary>Across sizes, per task: mean, sample standard deviation and CV of the floors.</summary>
public sealed record FloorSummary(string Task, int Sizes, double? Mean, double? Std, double? Cv, string Status)
{
    /// <summary>
    /// Floors F_m per size m (a size with several seeds contributes the mean of its seeds' floors);
    /// mean = Σ F_m / M; std = sqrt(Σ (F_m − mean)² / (M − 1)) (needs M ≥ 2); CV = std / mean.
    /// </summary>
    public static FloorSummary Of(string task, IReadOnlyList<double> perSizeFloors)
    {
        if (perSizeFloors.Count == 0) return new(task, 0, null, null, null, "not computable: no size has a floor");
        double mean = MathNet.Numerics.Statistics.Statistics.Mean(perSizeFloors);
        if (perSizeFloors.Count < 2) return new(task, 1, mean, null, null, "std and CV not computable: one size only");
        double std = MathNet.Numerics.Statistics.Statistics.StandardDeviation(perSizeFloors);
        return new(task, perSizeFloors.Count, mean, std, mean == 0 ? null : std / mean, "computed");
    }
}
