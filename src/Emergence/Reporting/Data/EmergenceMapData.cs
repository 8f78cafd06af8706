using Emergence.Tasks;

namespace Emergence.Reporting;

/// <summary>
/// Emergence step of one task-level in one model size; <c>null</c> when it never emerged. With
/// several runs (seeds) of the size, <paramref name="Step"/> is the median over the runs in which it
/// emerged (the lower middle value for an even count), <paramref name="Emerged"/> of <paramref name="Runs"/>.
/// </summary>
public sealed record EmergenceCell(TaskLevel TaskLevel, string Size, long? Step, int Emerged = 1, int Runs = 1);

/// <summary>
/// Figure 1: the emergence step of every task-level (rows, easy above hard) in every size (columns).
/// </summary>
/// <param name="Sizes">Column order, e.g. nano, micro, small.</param>
/// <param name="Cells">Cells present; a task-level x size pair with no cell is drawn as "not run".</param>
/// <param name="MaxStep">Steps trained by the longest run (shown in the caption and used as the colour scale's top), if known.</param>
/// <param name="MinStep">Steps trained by the shortest run, if known; the caption gives the range when it is below <paramref name="MaxStep"/>
/// (runs of an unfinished study).</param>
public sealed record EmergenceMapData(IReadOnlyList<string> Sizes, IReadOnlyList<EmergenceCell> Cells, long? MaxStep = null, long? MinStep = null);
