namespace Emergence.Reporting;

/// <summary>
/// Figure 3: RankMe per layer of one task in one model (index 0 = embedding output, l = block l),
/// at the collapse minimum and after emergence.
/// </summary>
/// <param name="Task">Task name, e.g. "MOD".</param>
/// <param name="Size">Model size name.</param>
/// <param name="AtCollapseMinimum">RankMe per layer at the step of the task's collapse minimum.</param>
/// <param name="AfterEmergence">RankMe per layer after emergence (empty when the task never emerged).</param>
public sealed record LayerProfile(string Task, string Size, IReadOnlyList<double> AtCollapseMinimum, IReadOnlyList<double> AfterEmergence);
