using System.Numerics;
using Emergence.Models;

namespace Emergence.Cli;

/// <summary>
/// Ranges of the numeric options. The caps lie far beyond any sane use (the paper's longest run
/// is 200,000 steps at batch 64 with 1,000 evaluation examples per task-level), so a typo or a
/// runaway script is refused at once instead of allocating until the machine gives out.
/// </summary>
public static class OptionLimits
{
    public const long MaxSteps = 100_000_000;
    public const int MaxBatch = 65_536;
    public const int MaxEvaluationPerTaskLevel = 1_000_000;
    public const int MaxExamples = 100_000;
    public const int MaxThreads = 1_024;
    public const int MaxJobs = 256;
    public const int MaxLayers = 1_024;
    public const int MaxDModel = 65_536;

    /// <summary>The value when <paramref name="min"/> ≤ value ≤ <paramref name="max"/>; otherwise one line naming option, value and range.</summary>
    public static T InRange<T>(string option, T value, T min, T max, string? why = null) where T : INumber<T> =>
        value >= min && value <= max
            ? value
            : throw new ArgumentException($"{option} {value} is out of range (allowed: {min} to {max}{(why is null ? "" : $", {why}")}).");

    /// <summary>A custom model's layers and width within the caps (presets always are).</summary>
    public static GptConfig Model(string text)
    {
        var model = GptConfig.Parse(text);
        if (model.Layers > MaxLayers || model.DModel > MaxDModel)
            throw new ArgumentException($"--model {text} is out of range (allowed: at most {MaxLayers} layers and d_model {MaxDModel}).");
        return model;
    }

    /// <summary>A folder path given to <paramref name="option"/>: not empty.</summary>
    public static string Folder(string option, string? value) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new ArgumentException($"{option} '{value}' is empty (expected a folder path).")
            : value;
}
