using Emergence.Storage;

namespace Emergence.Analysis;

/// <summary>Top-down propagation of one task in one run (the criteria in <see cref="TopDown"/>).</summary>
public sealed record TopDownResult(
    long? FloorStep, IReadOnlyList<int> Layers, IReadOnlyList<double> RankMeAtFloor,
    bool? Strict, bool? Weak, double? FirstToLastReduction,
    IReadOnlyList<long>? MinimumStepByLayer, bool? TemporalTopDown, string Status,
    IReadOnlyList<double>? DropByLayer = null, bool? StrictByDrop = null)
{
    /// <summary>Layers in the order they reach their minimum (earliest first; equal steps keep depth order, deepest first).</summary>
    public IReadOnlyList<int>? LayerOrder => MinimumStepByLayer is null ? null
        : [.. Layers.Select((layer, i) => (layer, step: MinimumStepByLayer[i])).OrderBy(p => p.step).ThenByDescending(p => p.layer).Select(p => p.layer)];

    /// <summary>Whether the criteria were computed.</summary>
    public bool Computable => Strict is not null;
    /// <summary>A result that only says why the criteria cannot be computed.</summary>
    public static TopDownResult NotComputable(string reason) => new(null, [], [], null, null, null, null, null, "not computable: " + reason);
}

/// <summary>
/// Top-down propagation (PROTOCOL §5). With r_l the task-pooled RankMe of layer l (l = 1..L blocks,
/// the paper's layer numbering and the default; or 0..L with the embedding, which at the last prompt
/// token is one vector per fixed-length task-level, RankMe ~1 by construction) at the
/// collapse-floor step s* of the final layer:
/// <list type="bullet">
/// <item>strict: r_first &gt; r_next &gt; ... &gt; r_L (RankMe falls monotonically with depth);</item>
/// <item>weak: r_L &lt; r_first (the deepest layer ends below the first);</item>
/// <item>first-to-last reduction = (r_first − r_L) / r_first;</item>
/// <item>strict by drop: with each layer's own collapse δ_l = (r_l(s_0) − r_l(s*)) / r_l(s_0), s_0 the
/// first recorded checkpoint, δ_first &lt; δ_next &lt; ... &lt; δ_L (each deeper layer collapses more). The
/// paper's "layer L collapses more than layer L−1" (v1 §4.3) reads either way: as lower RankMe at the
/// floor (strict) or as a larger fall from where the layer began (strict by drop). They differ
/// where RankMe at initialisation grows with depth, as it does through a residual stream.</item>
/// </list>
/// Temporal order (dense early checkpoints, every d steps up to H all present): t_l = the earliest step
/// ≤ H at which layer l's RankMe is minimal; temporally top-down when t_L ≤ t_(L−1) ≤ ... ≤ t_first
/// and t_L &lt; t_first (deeper layers reach their minimum no later than shallower ones, and the
/// deepest before the first: layers that all reach it at the same checkpoint give no order).
/// </summary>
internal static class TopDown
{
    public static TopDownResult Compute(RunData run, string task, long? floorStep, AnalysisOptions options)
    {
        if (floorStep is null) return TopDownResult.NotComputable("no collapse floor");
        int from = options.TopDownIncludeEmbedding ? 0 : 1;
        var layers = Enumerable.Range(from, run.Layers - from + 1).ToList();
        int index = run.Steps.IndexOf(floorStep.Value);
        var values = new List<double>();
        var drops = new List<double>();
        foreach (int layer in layers)
        {
            var series = run.Get(MetricNames.RankMe, task, 0, layer);
            if (series is null || double.IsNaN(series[index]))
                return TopDownResult.NotComputable($"task RankMe of layer {layer} not recorded at step {floorStep}");
            values.Add(series[index]);
            double first = series.FirstOrDefault(v => !double.IsNaN(v), double.NaN);
            drops.Add(first > 0 ? (first - series[index]) / first : double.NaN);
        }
        bool? strictByDrop = drops.Any(double.IsNaN) ? null : Enumerable.Range(1, drops.Count - 1).All(i => drops[i] > drops[i - 1]);
        bool strict = true;
        for (int i = 1; i < values.Count; i++) strict &= values[i] < values[i - 1];
        bool weak = values[^1] < values[0];
        double? reduction = values[0] == 0 ? null : (values[0] - values[^1]) / values[0];

        IReadOnlyList<long>? minSteps = null;
        bool? temporal = null;
        if (HasDenseEarly(run.Steps, options))
        {
            var mins = new List<long>();
            foreach (int layer in layers)
            {
                var series = run.Get(MetricNames.RankMe, task, 0, layer)!;
                int best = -1;
                for (int i = 0; i < run.Steps.Count && run.Steps[i] <= options.DenseHorizon; i++)
                    if (!double.IsNaN(series[i]) && (best < 0 || series[i] < series[best])) best = i;
                if (best < 0) { mins.Clear(); break; }
                mins.Add(run.Steps[best]);
            }
            if (mins.Count == layers.Count)
            {
                minSteps = mins;
                temporal = true;
                for (int i = 1; i < mins.Count; i++) temporal &= mins[i] <= mins[i - 1];
                temporal &= mins[^1] < mins[0];
            }
        }
        return new TopDownResult(floorStep, layers, values, strict, weak, reduction, minSteps, temporal, "computed", drops, strictByDrop);
    }

    /// <summary>True when every multiple of the dense spacing up to the horizon is a checkpoint.</summary>
    public static bool HasDenseEarly(IReadOnlyList<long> steps, AnalysisOptions options)
    {
        var set = steps.ToHashSet();
        for (long s = options.DenseSpacing; s <= options.DenseHorizon; s += options.DenseSpacing)
            if (!set.Contains(s)) return false;
        return true;
    }
}
