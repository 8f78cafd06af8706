using Emergence.Storage;

namespace Emergence.Measures;

/// <summary>What <c>emergence measure</c> still has to compute on a stored run.</summary>
public static class MeasurePlan
{
    /// <summary>
    /// For each checkpoint (in order), the due measures not yet stored (a stored cost row marks a measure done).
    /// A Fisher stored without its spectrum (no <c>fisher_eig_count</c> rows: measured before they were recorded)
    /// is due again, so that the spectrum is added; its other rows come out the same and are replaced.
    /// </summary>
    public static IReadOnlyList<(long Step, IReadOnlySet<MeasureKind> Kinds)> For(RunStore store, MeasureSelection selection)
    {
        var done = MeasureSelection.All.ToDictionary(k => k,
            k => store.Metrics(MetricNames.CostSeconds(MeasureSelection.NameOf(k))).Select(r => r.Step).ToHashSet());
        done[MeasureKind.Fisher].IntersectWith(store.Metrics(MetricNames.FisherEigCount).Select(r => r.Step));
        var plan = new List<(long, IReadOnlySet<MeasureKind>)>();
        var checkpoints = store.Checkpoints();
        for (int i = 0; i < checkpoints.Count; i++)
        {
            long step = checkpoints[i].Step;
            var kinds = MeasureSelection.All.Where(k => selection.IsDue(k, i) && !done[k].Contains(step)).ToHashSet();
            if (kinds.Count > 0) plan.Add((step, kinds));
        }
        return plan;
    }
}
