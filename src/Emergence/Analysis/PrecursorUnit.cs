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
    public required string Measure { get; init; }
    public required string Run { get; init; }
    public required string Model { get; init; }
    public required int Seed { get; init; }
    public required string Task { get; init; }
    public required int Level { get; init; }
    public required string Class { get; init; }
    public required string Unit { get; init; }
    public string MeasureSeries { get; init; } = "";
    public string AccuracySeries { get; init; } = "";
    public int AlignedCheckpoints { get; init; }
    public int? PeakLag { get; init; }
    public double? PeakR { get; init; }
    public long? LagSteps { get; init; }
    public bool? Precursor { get; init; }
    public IReadOnlyDictionary<string, bool>? PrecursorAtThreshold { get; init; }
    public double? NullP { get; init; }
    public required string Status { get; init; }

    [JsonIgnore] public double Statistic { get; init; }
    [JsonIgnore] public double[] NullStatistics { get; init; } = [];
    [JsonIgnore] public bool Computable => Precursor is not null;
}
