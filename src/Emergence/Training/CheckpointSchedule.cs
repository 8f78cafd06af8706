namespace Emergence.Training;

/// <summary>
/// Which steps are checkpoints. The paper's schedule (PROTOCOL §3): step 0, every 100 steps to
/// 10K, every 500 to 50K, every 2,000 after, and the final step. <see cref="DenseEarly"/> adds a
/// checkpoint every 10 steps over the first 300 (for the order in which layers collapse).
/// <see cref="Every"/> &gt; 0 replaces the paper's spacing with a uniform one (short runs).
/// </summary>
public sealed record CheckpointSchedule(bool DenseEarly = false, long Every = 0)
{
    public IReadOnlyList<long> Steps(long totalSteps)
    {
        var steps = new SortedSet<long> { 0, totalSteps };
        if (Every > 0)
        {
            for (long s = Every; s < totalSteps; s += Every) steps.Add(s);
        }
        else
        {
            for (long s = 100; s <= Math.Min(10_000, totalSteps); s += 100) steps.Add(s);
            for (long s = 10_500; s <= Math.Min(50_000, totalSteps); s += 500) steps.Add(s);
            for (long s = 52_000; s <= totalSteps; s += 2_000) steps.Add(s);
        }
        if (DenseEarly)
            for (long s = 10; s <= Math.Min(300, totalSteps); s += 10) steps.Add(s);
        return [.. steps];
    }
}
