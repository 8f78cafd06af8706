namespace Emergence.Storage;

/// <summary>
/// One value in the long-form metrics table. <c>Task</c> is "" and <c>Level</c> 0 when the
/// metric is not about one task or level (a task-pooled value has a task and level 0);
/// <c>Layer</c> is -1 when not about one layer (0 = embedding output, l = output of block l).
/// </summary>
public readonly record struct MetricRow(long Step, string Name, string Task, int Level, int Layer, double Value)
{
    /// <summary><c>Layer</c> of a metric that is not about one layer.</summary>
    public const int NoLayer = -1;
}

/// <summary>Per-item exact-match correctness of one task-level at one checkpoint, one bit per item.</summary>
public sealed record ItemCorrectness(long Step, string Task, int Level, bool[] Correct)
{
    /// <summary>The correctness bits packed eight to a byte, item i in bit i mod 8 of byte i / 8.</summary>
    public byte[] Pack()
    {
        var bytes = new byte[(Correct.Length + 7) / 8];
        for (int i = 0; i < Correct.Length; i++)
            if (Correct[i]) bytes[i >> 3] |= (byte)(1 << (i & 7));
        return bytes;
    }

    /// <summary>The first <paramref name="count"/> bits packed by <see cref="Pack"/>.</summary>
    public static bool[] Unpack(byte[] bits, int count) =>
        [.. Enumerable.Range(0, count).Select(i => (bits[i >> 3] & (1 << (i & 7))) != 0)];
}

/// <summary>One row of the checkpoints table.</summary>
public sealed record CheckpointRow(long Step, double TrainLoss, double LearningRate, long TokensSeen, double WallSeconds);

/// <summary>Training loss of one optimisation step.</summary>
public readonly record struct StepLoss(long Step, double Loss, double LearningRate);
