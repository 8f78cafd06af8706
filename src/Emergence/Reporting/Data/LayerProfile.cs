namespace Emergence.Reporting;

/// <summary>
/// Figure 3: RankMe per layer of one task in one model, at the collapse minimum and after
/// emergence. Index i holds block i + 1 (the outputs of blocks 1..L, the paper's layer numbering):
/// the embedding output is left out, since at the last prompt token it is one vector for every
/// example of a fixed-length task-level (RankMe ~1 by construction).
/// </summary>
/// <param name="Task">Task name, e.g. "MOD".</param>
/// <param name="Size">Model size name.</param>
/// <param name="AtCollapseMinimum">RankMe of blocks 1..L at the step of the task's collapse minimum.</param>
/// <param name="AfterEmergence">RankMe of blocks 1..L after emergence (empty when the task never emerged).</param>
public sealed record LayerProfile(string Task, string Size, IReadOnlyList<double> AtCollapseMinimum, IReadOnlyList<double> AfterEmergence);
