using Emergence.Tasks;

namespace Emergence.Reporting;

/// <summary>Accuracy of one task-level over training, with its emergence step when it emerged.</summary>
public sealed record TaskLevelCurve(TaskLevel TaskLevel, IReadOnlyList<long> Steps, IReadOnlyList<double> Accuracy, long? EmergenceStep = null);

/// <summary>Accuracy curves of all task-levels of one model size: one figure, a panel per task.</summary>
/// <param name="Size">Model size name, e.g. "nano".</param>
/// <param name="Curves">One curve per task-level.</param>
/// <param name="Threshold">Emergence threshold drawn as a dashed line (PROTOCOL §5 default 0.1).</param>
public sealed record AccuracyCurves(string Size, IReadOnlyList<TaskLevelCurve> Curves, double Threshold = 0.1);
