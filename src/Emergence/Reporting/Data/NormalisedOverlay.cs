namespace Emergence.Reporting;

/// <summary>
/// Figure 4a: several measures of one task in one model (e.g. accuracy, RankMe, LLC) on one axis,
/// each min-max normalised to [0, 1] by the figure.
/// </summary>
/// <param name="Task">Task or task-level name shown in the title.</param>
/// <param name="Size">Model size name.</param>
/// <param name="Series">Raw (unnormalised) series, one per measure.</param>
/// <param name="EmergenceStep">Marked with a vertical line when given.</param>
public sealed record NormalisedOverlay(string Task, string Size, IReadOnlyList<TrajectorySeries> Series, long? EmergenceStep = null);
