namespace Emergence.Training;

/// <summary>
/// Linear warmup then cosine decay to zero (PROTOCOL §3). For optimisation step s = 1..S
/// with W warmup steps and peak rate η:
/// <code>
///   lr(s) = η · s / W                                   s ≤ W
///   lr(s) = η · ½ (1 + cos(π (s − W) / (S − W)))        W &lt; s ≤ S   (lr(S) = 0)
/// </code>
/// </summary>
internal static class LearningRateSchedule
{
    public static double At(long step, long totalSteps, long warmupSteps, double peak)
    {
        if (step <= warmupSteps) return peak * step / warmupSteps;
        double progress = (double)(step - warmupSteps) / Math.Max(1, totalSteps - warmupSteps);
        return peak * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(1.0, progress)));
    }
}
