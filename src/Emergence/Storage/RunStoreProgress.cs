using System.Globalization;

namespace Emergence.Storage;

/// <summary>What a reader following a run needs cheaply: when the last checkpoint was committed and how recent each metric is.</summary>
public sealed partial class RunStore
{
    /// <summary>When the last checkpoint was committed (UTC), or null before the first.</summary>
    public DateTime? LastCheckpointRecordedAt() =>
        Scalar("SELECT recorded_at FROM checkpoints ORDER BY step DESC LIMIT 1") is string at
            ? DateTime.Parse(at, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind).ToUniversalTime()
            : null;

    /// <summary>When each checkpoint was committed (UTC), by step: after its evaluation, saving and measures.</summary>
    public IReadOnlyList<(long Step, DateTime RecordedAt)> CheckpointCommitTimes() =>
        Query("SELECT step, recorded_at FROM checkpoints ORDER BY step",
            r => (r.GetInt64(0), DateTime.Parse(r.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind).ToUniversalTime()));

    /// <summary>Every metric name with the last step at which it is stored, by name.</summary>
    public IReadOnlyList<(string Name, long Step)> LastStepOfEachMetric() =>
        Query("SELECT name, MAX(step) FROM metrics GROUP BY name ORDER BY name", r => (r.GetString(0), r.GetInt64(1)));
}
