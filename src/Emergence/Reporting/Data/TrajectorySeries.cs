namespace Emergence.Reporting;

/// <summary>
/// One line over training: a value per checkpoint step. Steps need not be evenly spaced; on the
/// report's log-step axes, step 0 (initialisation) cannot be shown and is left out.
/// </summary>
/// <param name="Label">Legend text, e.g. "ADD" or "accuracy".</param>
/// <param name="Steps">Checkpoint steps, ascending.</param>
/// <param name="Values">One value per step; NaN marks a missing value.</param>
public sealed record TrajectorySeries(string Label, IReadOnlyList<long> Steps, IReadOnlyList<double> Values)
{
    /// <summary>Throws when steps and values differ in length.</summary>
    public void Validate()
    {
        if (Steps.Count != Values.Count)
            throw new ArgumentException($"Series '{Label}' has {Steps.Count} steps but {Values.Count} values.");
    }
}

/// <summary>The series of one model size, drawn as one panel.</summary>
/// <param name="Size">Model size name, e.g. "nano".</param>
/// <param name="Series">The panel's lines.</param>
public sealed record SizeTrajectories(string Size, IReadOnlyList<TrajectorySeries> Series);
