using Emergence.Storage;

namespace Emergence.Tests.Support;

/// <summary>What two runs of the same configuration must store alike.</summary>
public static class StoredResults
{
    /// <summary>Every stored metric value in the store's order but the timings (<c>cost_seconds.*</c>), which no two runs share.</summary>
    public static double[] Values(RunStore store) =>
        [.. store.Metrics().Where(m => !m.Name.StartsWith(MetricNames.CostSecondsPrefix, StringComparison.Ordinal)).Select(m => m.Value)];
}
