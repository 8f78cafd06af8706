namespace Emergence.Study;

/// <summary>
/// A run's training and checkpoint times as its trainer recorded them: <c>cost_seconds.training</c>
/// (the steps since the previous checkpoint) and <c>cost_seconds.checkpoint</c> (evaluation and
/// saving) at each checkpoint. Seconds per step = Σ seconds / Σ steps over the recorded intervals;
/// the median and the latest are taken per interval (its seconds / its steps). Stores written
/// before the trainer recorded them have none, and their time is fitted (<see cref="TrainingTimeFit"/>).
/// </summary>
/// <param name="Steps">Steps in the recorded intervals.</param>
/// <param name="SecondsPerStep">Σ seconds / Σ steps.</param>
/// <param name="MedianSecondsPerStep">Median over intervals of seconds / steps.</param>
/// <param name="LatestSecondsPerStep">The last recorded interval's seconds / steps.</param>
/// <param name="Checkpoints">Checkpoints with a recorded checkpoint time.</param>
/// <param name="SecondsPerCheckpoint">Their mean.</param>
/// <param name="MedianSecondsPerCheckpoint">Their median.</param>
/// <param name="LatestSecondsPerCheckpoint">The last one.</param>
public sealed record RecordedTrainingTime(long Steps, double SecondsPerStep, double MedianSecondsPerStep, double LatestSecondsPerStep,
    int Checkpoints, double SecondsPerCheckpoint, double MedianSecondsPerCheckpoint, double LatestSecondsPerCheckpoint)
{
    /// <summary>
    /// The recorded times, from intervals (steps, seconds) in checkpoint order and checkpoint
    /// seconds in checkpoint order; null unless both hold a finite, non-negative time over at least
    /// one step (a time that is not a finite, non-negative number is no time).
    /// </summary>
    public static RecordedTrainingTime? Of(IReadOnlyList<(long Steps, double Seconds)> intervals, IReadOnlyList<double> checkpointSeconds)
    {
        var usable = intervals.Where(i => i.Steps > 0 && double.IsFinite(i.Seconds) && i.Seconds >= 0).ToList();
        var checkpoints = checkpointSeconds.Where(s => double.IsFinite(s) && s >= 0).ToList();
        if (usable.Count == 0 || checkpoints.Count == 0) return null;
        var perStep = usable.Select(i => i.Seconds / i.Steps).ToList();
        long steps = usable.Sum(i => i.Steps);
        return new(steps, usable.Sum(i => i.Seconds) / steps, MathNet.Numerics.Statistics.Statistics.Median(perStep), perStep[^1],
            checkpoints.Count, checkpoints.Average(), MathNet.Numerics.Statistics.Statistics.Median(checkpoints), checkpoints[^1]);
    }
}
