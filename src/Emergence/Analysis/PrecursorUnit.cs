using System.Text.Json.Serialization;

namespace Emergence.Analysis;

/// <summary>
/// One precursor test: a measure series against an accuracy series in one run. <c>Unit</c> is
/// "task-level" (Level 1-3) or "task" (Level 0: task accuracy = mean of its levels; task-level measures
/// without a task-pooled series are pooled over the levels, see <see cref="CrossCorrelation"/>).
/// Lag sign: negative = the measure leads. <c>LagSteps</c> converts the peak lag to steps at the
/// sharpest accuracy change: with j the aligned index of the largest |Δa_j| (the change from checkpoint
/// j to j+1), LagSteps = step(j+1+ℓ) − step(j+1), index clamped into the series; negative = leads.
/// </summary>
public sealed record PrecursorUnit
{
    /// <summary>Metric name of the measure series.</summary>
    public required string Measure { get; init; }
    /// <summary>Label of the run.</summary>
    public required string Run { get; init; }
    /// <summary>Model size.</summary>
    public required string Model { get; init; }
    /// <summary>Training seed.</summary>
    public required int Seed { get; init; }
    /// <summary>Task name, e.g. "ADD".</summary>
    public required string Task { get; init; }
    /// <summary>Level 1-3, or 0 for a task unit.</summary>
    public required int Level { get; init; }
    /// <summary>"easy" or "hard".</summary>
    public required string Class { get; init; }
    /// <summary>"task-level" or "task".</summary>
    public required string Unit { get; init; }
    /// <summary>Which measure series was used (a task-pooled one, or levels pooled).</summary>
    public string MeasureSeries { get; init; } = "";
    /// <summary>Which accuracy series was used.</summary>
    public string AccuracySeries { get; init; } = "";
    /// <summary>Checkpoints where both series have a value.</summary>
    public int AlignedCheckpoints { get; init; }
    /// <summary>Lag of the largest |r|, in checkpoints (negative = the measure leads).</summary>
    public int? PeakLag { get; init; }
    /// <summary>Correlation r at the peak lag.</summary>
    public double? PeakR { get; init; }
    /// <summary>The peak lag in training steps at the sharpest accuracy change (negative = leads).</summary>
    public long? LagSteps { get; init; }
    /// <summary>Whether |r| at a negative peak lag exceeds the threshold; null when not computable.</summary>
    public bool? Precursor { get; init; }
    /// <summary>The same verdict at each correlation threshold (main and sensitivity), by threshold.</summary>
    public IReadOnlyDictionary<string, bool>? PrecursorAtThreshold { get; init; }
    /// <summary>One-sided p-value of the statistic against its null surrogates; null without nulls.</summary>
    public double? NullP { get; init; }
    /// <summary>"computed", or "not computable: " and why.</summary>
    public required string Status { get; init; }

    /// <summary>The lead statistic S of the unit.</summary>
    [JsonIgnore] public double Statistic { get; init; }
    /// <summary>S of each null surrogate.</summary>
    [JsonIgnore] public double[] NullStatistics { get; init; } = [];
    /// <summary>Whether the test was computed.</summary>
    [JsonIgnore] public bool Computable => Precursor is not null;
}
