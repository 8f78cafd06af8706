using System.Text.Json;
using Emergence.Measures;
using Emergence.Storage;
using Emergence.Training;

namespace Emergence.Study;

/// <summary>One run of a study: a model size and seed with its full training and measure settings.</summary>
public sealed record StudyRun(string Name, TrainingConfig Training, string Measures, string MeasureEvery, MeasureSettings MeasureSettings)
{
    /// <summary>The run's parsed measures and cadences.</summary>
    public MeasureSelection Selection() => MeasureSelection.Parse(Measures, MeasureEvery);

    /// <summary>Throws <see cref="ArgumentException"/> naming the run and its first bad setting.</summary>
    public StudyRun Validate()
    {
        try
        {
            Training.Validate();
            MeasureSettings.Validate();
            _ = Selection();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Study run '{Name}': {e.Message}", e);
        }
        return this;
    }
}

/// <summary>
/// What a study folder holds: the preset it was made from, its sizes and seeds, and every run's
/// exact settings. Written once to <c>study.json</c>; rerunning the study command on the folder
/// requires the same definition (the difference is named otherwise).
/// </summary>
public sealed record StudyDefinition
{
    /// <summary>The preset the study was built from (e.g. "quick").</summary>
    public required string Preset { get; init; }
    /// <summary>Model sizes, by preset name.</summary>
    public required IReadOnlyList<string> Sizes { get; init; }
    /// <summary>Seeds; every size is trained once per seed.</summary>
    public required IReadOnlyList<int> Seeds { get; init; }
    /// <summary>True when the schedule is shortened below the paper's (the report says so).</summary>
    public required bool DemonstrationScale { get; init; }
    /// <summary>One paragraph for the report saying what the preset is.</summary>
    public required string Description { get; init; }
    /// <summary>Every run, size-major.</summary>
    public required IReadOnlyList<StudyRun> Runs { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad value and what is allowed.</summary>
    public StudyDefinition Validate()
    {
        if (Runs.Count == 0) throw new ArgumentException($"Study '{Preset}' has no runs (sizes and seeds must each name at least one).");
        if (Runs.GroupBy(r => r.Name).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"Study '{Preset}' names run '{twice.Key}' twice (run names must be unique).");
        foreach (var run in Runs) run.Validate();
        return this;
    }

    /// <summary>The definition as <c>study.json</c> holds it (snake_case, indented).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, SnakeCaseJson.Options);

    /// <summary>Reads a definition written by <see cref="ToJson"/>.</summary>
    public static StudyDefinition FromJson(string json) =>
        JsonSerializer.Deserialize<StudyDefinition>(json, SnakeCaseJson.Options) ?? throw new FormatException("empty study definition");

    /// <summary>The run of that name; throws <see cref="ArgumentException"/> listing the runs.</summary>
    public StudyRun Run(string name) =>
        Runs.FirstOrDefault(r => r.Name == name) ?? throw new ArgumentException($"Study has no run '{name}' (runs: {string.Join(", ", Runs.Select(r => r.Name))}).");
}
