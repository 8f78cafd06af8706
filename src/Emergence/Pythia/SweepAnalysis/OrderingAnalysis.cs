using MathNet.Numerics.Statistics;

namespace Emergence.Pythia.SweepAnalysis;

/// <summary>
/// Ordering of the probe sets by collapse (PROTOCOL §7: "probe ordering 160M vs 410M identical, ρ 1.0").
/// Within each model the probe sets are ranked by depth D (1 = most negative) and by timing t* (1 = earliest);
/// ties share the mean rank. For every pair of models, over the probe sets computable in both,
/// Spearman ρ = Pearson correlation of the ranks (MathNet <c>Correlation.Spearman</c>, which ranks with
/// ties averaged); it needs at least 3 probe sets and two non-constant orderings.
/// </summary>
internal static class OrderingAnalysis
{
    public const string Definition =
        "Probe sets ranked within each model by final-layer collapse depth (1 = deepest) and by the step of the minimum (1 = earliest); " +
        "Spearman rho between every pair of models over the probe sets computable in both (ties get mean ranks; needs 3 probe sets).";

    public static ProbeOrdering Compute(IReadOnlyList<PythiaRunData> runs, IReadOnlyList<CollapseEntry> collapse)
    {
        var ranks = new List<ProbeRank>();
        foreach (var run in runs)
        {
            var entries = collapse.Where(c => c.Model == run.Label && c.Depth is not null).ToList();
            var depthRanks = MeanRanks(entries.Select(e => e.Depth!.Value).ToArray());
            var timingRanks = MeanRanks(entries.Select(e => (double)e.DepthStep!.Value).ToArray());
            for (int i = 0; i < entries.Count; i++)
                ranks.Add(new ProbeRank(run.Label, entries[i].ProbeSet, entries[i].Depth, depthRanks[i], entries[i].DepthStep, timingRanks[i]));
            foreach (var e in collapse.Where(c => c.Model == run.Label && c.Depth is null))
                ranks.Add(new ProbeRank(run.Label, e.ProbeSet, null, null, null, null));
        }
        var correlations = new List<OrderingCorrelation>();
        for (int a = 0; a < runs.Count; a++)
            for (int b = a + 1; b < runs.Count; b++)
            {
                correlations.Add(Correlate(runs[a].Label, runs[b].Label, "depth", collapse, e => e.Depth));
                correlations.Add(Correlate(runs[a].Label, runs[b].Label, "timing", collapse, e => e.DepthStep));
            }
        return new ProbeOrdering(Definition, ranks, correlations);
    }

    public static OrderingCorrelation Correlate(string modelA, string modelB, string by, IReadOnlyList<CollapseEntry> collapse, Func<CollapseEntry, double?> value)
    {
        var a = collapse.Where(c => c.Model == modelA && value(c) is not null).ToDictionary(c => c.ProbeSet, c => value(c)!.Value);
        var b = collapse.Where(c => c.Model == modelB && value(c) is not null).ToDictionary(c => c.ProbeSet, c => value(c)!.Value);
        var shared = a.Keys.Where(b.ContainsKey).Order(StringComparer.Ordinal).ToList();
        if (shared.Count < 3)
            return new OrderingCorrelation(modelA, modelB, by, shared.Count, null, $"not computable: {shared.Count} shared probe set(s), need 3");
        var x = shared.Select(p => a[p]).ToArray();
        var y = shared.Select(p => b[p]).ToArray();
        if (x.Distinct().Count() < 2 || y.Distinct().Count() < 2)
            return new OrderingCorrelation(modelA, modelB, by, shared.Count, null, "not computable: one ordering is all ties");
        double rho = Correlation.Spearman(x, y);
        return double.IsFinite(rho)
            ? new OrderingCorrelation(modelA, modelB, by, shared.Count, rho, "ok")
            : new OrderingCorrelation(modelA, modelB, by, shared.Count, null, "not computable: undefined correlation");
    }

    /// <summary>Ranks 1..n of the values in ascending order, ties sharing the mean of their ranks.</summary>
    public static double[] MeanRanks(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (int i = 0; i < order.Length;)
        {
            int j = i;
            while (j + 1 < order.Length && values[order[j + 1]] == values[order[i]]) j++;
            for (int k = i; k <= j; k++) ranks[order[k]] = (i + j) / 2.0 + 1;
            i = j + 1;
        }
        return ranks;
    }
}
