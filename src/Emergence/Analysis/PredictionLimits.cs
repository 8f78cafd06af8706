using Emergence.Tasks;

namespace Emergence.Analysis;

/// <summary>Early RankMe (collapse floor) and emergence step of one task in one run.</summary>
internal sealed record TaskPoint(string Task, string Class, double? Floor, long? EmergenceStep);

/// <summary>Concordant / total task pairs of one split, ties left out and counted.</summary>
/// <summary>
/// Concordant / decided task pairs of one split; ties and pairs with a missing value are counted and left out.
/// Chance share is 1/2 (random order). Pairs share tasks, so they are not independent: <c>Points</c> (the
/// distinct run x task points behind the decided pairs) bounds the independent information.
/// </summary>
public sealed record Concordance(string Split, int Concordant, int Pairs, int Ties, int Excluded, double? Share, int Points, double Chance = 0.5);

/// <summary>Spearman rho between collapse floor and emergence step over one run's tasks.</summary>
public sealed record SpearmanResult(string Run, string Model, int Seed, int Tasks, int Excluded, double? Rho, string Status);

/// <summary>Two tasks whose emergence order differs between a smaller and a larger model, and whether the floors predicted the swap.</summary>
public sealed record SwapPair(string Smaller, string Larger, string TaskA, string TaskB, bool Predicted);

/// <summary>The order-swap test: reversed pairs, how many the floors predicted, their share and the pairs.</summary>
public sealed record SwapTest(int Reversed, int Predicted, double? Share, IReadOnlyList<SwapPair> Pairs, string Status);

/// <summary>
/// Prediction limits (PROTOCOL §5). Per run and task T: F_T = collapse floor (early RankMe); E_T =
/// emergence step of the task accuracy (mean over its levels) by the emergence rule. Tasks with no
/// floor or that never emerged are left out and counted.
/// <list type="bullet">
/// <item>Spearman ρ(F, E) over the run's tasks (MathNet; needs 3 tasks).</item>
/// <item>Concordance, sign convention: a task pair (i, j) is concordant when (F_i − F_j)(E_i − E_j) &gt; 0,
/// i.e. the task with the higher early RankMe emerges later (the direction of a positive ρ); pairs with
/// F_i = F_j or E_i = E_j are ties. Split: cross-class (one easy, one hard), within-hard, within-easy.
/// Share = concordant / (pairs − ties).</item>
/// <item>Swap test: for two sizes A &lt; B of the same seed and a task pair ordered strictly in both,
/// reversed when sign(E^A_i − E^A_j) ≠ sign(E^B_i − E^B_j); predicted when B's floors order the pair
/// as B's emergence does: (F^B_i − F^B_j)(E^B_i − E^B_j) &gt; 0. Share = predicted / reversed.</item>
/// </list>
/// </summary>
internal static class PredictionLimits
{
    public static IReadOnlyList<TaskPoint> Points(RunData run, IReadOnlyDictionary<string, CollapseFloorResult> floors, AnalysisOptions options) =>
        Points(run, floors, options, run.TaskAccuracy);

    /// <summary>The points with emergence detected on another task series (e.g. the chance-corrected one).</summary>
    public static IReadOnlyList<TaskPoint> Points(RunData run, IReadOnlyDictionary<string, CollapseFloorResult> floors, AnalysisOptions options,
        Func<TaskKind, double[]?> taskSeries) =>
        [.. run.Tasks.Select(t => new TaskPoint(t.Name(), t.Class() == TaskClass.Hard ? "hard" : "easy",
            floors.TryGetValue(t.Name(), out var f) ? f.Floor : null,
            EmergenceDetector.Detect(run.Steps, taskSeries(t), options.AccuracyThreshold, options.ConsecutiveCheckpoints).Step))];

    public static SpearmanResult Spearman(RunData run, IReadOnlyList<TaskPoint> points)
    {
        var usable = points.Where(p => p.Floor is not null && p.EmergenceStep is not null).ToList();
        int excluded = points.Count - usable.Count;
        if (usable.Count < 3) return new(run.Label, run.Model, run.Seed, usable.Count, excluded, null, $"not computable: {usable.Count} tasks with both a floor and an emergence step (need 3)");
        double rho = MathNet.Numerics.Statistics.Correlation.Spearman(usable.Select(p => p.Floor!.Value), usable.Select(p => (double)p.EmergenceStep!.Value));
        return new(run.Label, run.Model, run.Seed, usable.Count, excluded, double.IsNaN(rho) ? null : rho,
            double.IsNaN(rho) ? "not computable: a constant series" : "computed");
    }

    public static IReadOnlyList<Concordance> Concordances(IEnumerable<IReadOnlyList<TaskPoint>> runs)
    {
        var counts = new Dictionary<string, int[]> { ["cross-class"] = new int[4], ["within-hard"] = new int[4], ["within-easy"] = new int[4], ["all"] = new int[4] };
        var involved = counts.Keys.ToDictionary(k => k, _ => new HashSet<(int, string)>());
        int runIndex = 0;
        foreach (var points in runs)
        {
            runIndex++;
            for (int i = 0; i < points.Count; i++)
                for (int j = i + 1; j < points.Count; j++)
                {
                    var (a, b) = (points[i], points[j]);
                    string split = a.Class != b.Class ? "cross-class" : a.Class == "hard" ? "within-hard" : "within-easy";
                    foreach (var key in new[] { split, "all" })
                    {
                        var c = counts[key];
                        c[1]++;
                        if (a.Floor is null || b.Floor is null || a.EmergenceStep is null || b.EmergenceStep is null) { c[3]++; continue; }
                        double product = (a.Floor.Value - b.Floor.Value) * (a.EmergenceStep.Value - b.EmergenceStep.Value);
                        if (product == 0) { c[2]++; continue; }
                        if (product > 0) c[0]++;
                        involved[key].Add((runIndex, a.Task));
                        involved[key].Add((runIndex, b.Task));
                    }
                }
        }
        return [.. counts.Select(kv =>
        {
            var c = kv.Value;
            int decided = c[1] - c[2] - c[3];
            return new Concordance(kv.Key, c[0], c[1], c[2], c[3], decided == 0 ? null : (double)c[0] / decided, involved[kv.Key].Count);
        })];
    }

    /// <summary><paramref name="bySize"/>: runs of one seed in size order, each with its points.</summary>
    public static SwapTest Swap(IReadOnlyList<(string Label, IReadOnlyList<TaskPoint> Points)> bySize)
    {
        var pairs = new List<SwapPair>();
        for (int s = 0; s < bySize.Count; s++)
            for (int u = s + 1; u < bySize.Count; u++)
            {
                var small = bySize[s].Points.ToDictionary(p => p.Task);
                var large = bySize[u].Points.ToDictionary(p => p.Task);
                var tasks = small.Keys.Intersect(large.Keys).ToList();
                for (int i = 0; i < tasks.Count; i++)
                    for (int j = i + 1; j < tasks.Count; j++)
                    {
                        var (ai, aj, bi, bj) = (small[tasks[i]], small[tasks[j]], large[tasks[i]], large[tasks[j]]);
                        if (ai.EmergenceStep is null || aj.EmergenceStep is null || bi.EmergenceStep is null || bj.EmergenceStep is null) continue;
                        int before = Math.Sign(ai.EmergenceStep.Value - aj.EmergenceStep.Value);
                        int after = Math.Sign(bi.EmergenceStep.Value - bj.EmergenceStep.Value);
                        if (before == 0 || after == 0 || before == after) continue;
                        bool predicted = bi.Floor is not null && bj.Floor is not null
                            && (bi.Floor.Value - bj.Floor.Value) * (bi.EmergenceStep.Value - bj.EmergenceStep.Value) > 0;
                        pairs.Add(new SwapPair(bySize[s].Label, bySize[u].Label, tasks[i], tasks[j], predicted));
                    }
            }
        int hits = pairs.Count(p => p.Predicted);
        return new SwapTest(pairs.Count, hits, pairs.Count == 0 ? null : (double)hits / pairs.Count, pairs,
            pairs.Count == 0 ? (bySize.Count < 2 ? "not computable: fewer than two sizes" : "not computable: no task pair reverses its order") : "computed");
    }
}
