namespace Emergence.Training;

/// <summary>
/// Which steps are checkpoints. The paper's schedule (PROTOCOL §3): step 0, every 100 steps to
/// 10K, every 500 to 50K, every 2,000 after, and the final step. <see cref="DenseEarly"/> adds a
/// checkpoint every 10 steps over the first 300 (for the order in which layers collapse).
/// <see cref="Every"/> &gt; 0 replaces the paper's spacing with a uniform one (short runs).
/// </summary>
public sealed record CheckpointSchedule(bool DenseEarly = false, long Every = 0)
{
    /// <summary>Dense early checkpoints: every <see cref="DenseStride"/> steps up to <see cref="DenseEnd"/>.</summary>
    public const long DenseEnd = 300, DenseStride = 10;

    /// <summary>Throws <see cref="ArgumentException"/> when <see cref="Every"/> is negative.</summary>
    public CheckpointSchedule Validate()
    {
        if (Every < 0) throw new ArgumentException($"Checkpoint spacing must be 0 (the paper's schedule) or a positive step count (got {Every}).");
        return this;
    }

    /// <summary>
    /// The checkpoint steps of a run of <paramref name="totalSteps"/> steps, in order, computed on
    /// demand: the list takes constant memory whatever the step count and spacing.
    /// </summary>
    public CheckpointSteps Steps(long totalSteps)
    {
        if (totalSteps <= 0) throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, "steps must be positive");
        long head = DenseEarly ? Math.Min(DenseEnd, totalSteps) : 0;
        (long First, long Stride, long Last)[] spacing = Every > 0
            ? [(Every, Every, totalSteps - 1)]
            : [(100, 100, 10_000), (10_500, 500, 50_000), (52_000, 2_000, totalSteps)];
        var early = new SortedSet<long> { 0 };
        if (totalSteps <= head) early.Add(totalSteps);
        if (DenseEarly)
            for (long s = DenseStride; s <= head; s += DenseStride) early.Add(s);
        var segments = new List<CheckpointSteps.Segment>();
        foreach (var (first, stride, last) in spacing)
        {
            long end = Math.Min(last, totalSteps);
            for (long s = first; s <= Math.Min(end, head); s += stride) early.Add(s);
            long start = first > head ? first : first + ((head - first) / stride + 1) * stride; // first grid step after the head
            if (start <= end) segments.Add(new(start, stride, (end - start) / stride + 1));
        }
        if (totalSteps > head && (segments.Count == 0 || segments[^1].Last != totalSteps))
            segments.Add(new(totalSteps, 1, 1));
        return new CheckpointSteps([.. early], segments);
    }
}
