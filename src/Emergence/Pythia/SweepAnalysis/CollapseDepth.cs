using Emergence.Storage;

namespace Emergence.Pythia.SweepAnalysis;

/// <summary>
/// Collapse depth and timing of a probe set's RankMe (PROTOCOL §7: "RankMe −50..−75% by steps 64-128").
/// For layer l with RankMe v_l(t) over the kept checkpoints t₀ &lt; t₁ &lt; ... (duplicates left out, t₀ the
/// first checkpoint where v_l is recorded, normally step 0): relative change ρ_l(t) = (v_l(t) − v_l(t₀)) / v_l(t₀);
/// depth D_l = min_t ρ_l(t) (≤ 0, the baseline itself counts) and timing t*_l = argmin_t ρ_l(t) (earliest on ties).
/// The headline is the final layer L (highest recorded layer); the layer profile is every ρ_l(t*_L).
/// </summary>
internal static class CollapseDepth
{
    public static CollapseEntry Measure(PythiaRunData run, string probeSet)
    {
        var layers = run.Layers(probeSet);
        int final = layers.Count == 0 ? -1 : layers[^1];
        CollapseEntry NotComputable(string reason) =>
            new(run.Label, probeSet, final, run.Steps[0], null, null, null, null, [], "not computable: " + reason);
        if (layers.Count == 0) return NotComputable("no rankme series");
        var top = run.Get(MetricNames.RankMe, probeSet, final)!;
        var (baseIndex, depthIndex) = Deepest(top);
        if (baseIndex < 0) return NotComputable("no finite final-layer rankme");
        if (!(top[baseIndex] > 0)) return NotComputable($"baseline rankme {top[baseIndex]} is not positive");
        int finite = top.Count(double.IsFinite);
        if (finite < 2) return NotComputable("fewer than 2 checkpoints with rankme");
        var profile = new List<LayerCollapse>();
        foreach (var layer in layers)
        {
            var v = run.Get(MetricNames.RankMe, probeSet, layer)!;
            var (b, d) = Deepest(v);
            if (b < 0 || !(v[b] > 0)) continue;
            profile.Add(new LayerCollapse(layer, v[b], v[depthIndex], (v[depthIndex] - v[b]) / v[b], (v[d] - v[b]) / v[b], run.Steps[d]));
        }
        return new CollapseEntry(run.Label, probeSet, final, run.Steps[baseIndex], top[baseIndex],
            (top[depthIndex] - top[baseIndex]) / top[baseIndex], run.Steps[depthIndex], top[depthIndex], profile, "ok");
    }

    /// <summary>Index of the first finite value and of the (earliest) minimum; (−1, −1) when none is finite.</summary>
    private static (int Base, int Min) Deepest(double[] v)
    {
        int b = Array.FindIndex(v, double.IsFinite);
        if (b < 0) return (-1, -1);
        int m = b;
        for (int i = b + 1; i < v.Length; i++)
            if (double.IsFinite(v[i]) && v[i] < v[m]) m = i;
        return (b, m);
    }
}
