namespace Emergence.Analysis;

/// <summary>Outcome of emergence detection: a step, "never emerged", or "not computable: reason".</summary>
internal sealed record EmergenceResult(long? Step, int? CheckpointIndex, string Status)
{
    public const string Emerged = "emerged";
    public const string Never = "never emerged";
    public bool HasEmerged => Step is not null;

    public static EmergenceResult NotComputable(string reason) => new(null, null, "not computable: " + reason);
}

/// <summary>
/// Emergence step (PROTOCOL §5). Over the checkpoints where the series y is recorded, in step order
/// s_0 &lt; s_1 &lt; ..., the emergence step is s_i for the smallest i such that y_j &gt; θ for every
/// j in i..i+k-1 (k = consecutive checkpoints, θ = threshold): the first step of the first run of k
/// consecutive checkpoints above the threshold. When no such i exists the task-level never emerged.
/// Accuracy uses θ = 0.1, k = 5; the log-probability variant applies the same rule to answer_logprob.
/// </summary>
internal static class EmergenceDetector
{
    public static EmergenceResult Detect(IReadOnlyList<long> steps, double[]? series, double threshold, int consecutive)
    {
        if (series is null) return EmergenceResult.NotComputable("series not recorded");
        int run = 0, recorded = 0;
        for (int i = 0; i < series.Length; i++)
        {
            if (double.IsNaN(series[i])) continue;
            recorded++;
            run = series[i] > threshold ? run + 1 : 0;
            if (run == consecutive)
            {
                // walk back over the recorded checkpoints to the first of the run
                int start = i, seen = 1;
                while (seen < consecutive)
                {
                    start--;
                    if (!double.IsNaN(series[start])) seen++;
                }
                return new EmergenceResult(steps[start], start, EmergenceResult.Emerged);
            }
        }
        return recorded == 0 ? EmergenceResult.NotComputable("no recorded values") : new EmergenceResult(null, null, EmergenceResult.Never);
    }
}
