using Emergence.Tasks;

namespace Emergence.Reporting;

/// <summary>One task-level in one model: early RankMe (x) against emergence step (y).</summary>
public sealed record ScatterPoint(string Label, double X, long Y, TaskClass Class, string Size);

/// <summary>Figure 5a: early RankMe vs emergence step (log y), coloured by class.</summary>
/// <param name="Points">One point per task-level and model.</param>
/// <param name="SpearmanRho">Rank correlation per size, shown in the title when given.</param>
public sealed record ScatterPoints(IReadOnlyList<ScatterPoint> Points, IReadOnlyDictionary<string, double>? SpearmanRho = null);
