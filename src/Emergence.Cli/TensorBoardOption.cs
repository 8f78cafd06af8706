using System.CommandLine;
using Emergence.Storage;
using Emergence.Training;

namespace Emergence.Cli;

/// <summary>The <c>--tensorboard DIR</c> option of <c>train</c>, <c>study</c> and <c>study-run</c>.</summary>
public static class TensorBoardOption
{
    public static Option<string?> Create(string description) => new("--tensorboard") { Description = description };

    /// <summary>The option's folder as a full path, or null when not given.</summary>
    public static string? Folder(ParseResult parse, Option<string?> option) =>
        parse.GetValue(option) is { } dir ? Path.GetFullPath(OptionLimits.Folder("--tensorboard", dir)) : null;

    /// <summary><paramref name="observer"/>, mirrored into TensorBoard event files in <paramref name="directory"/> when one is given.</summary>
    public static ITrainingObserver Wrap(ITrainingObserver observer, string? directory, RunFolder run)
    {
        if (directory is null) return observer;
        if (File.Exists(directory)) throw new ArgumentException($"--tensorboard {directory} is a file (expected a folder).");
        return new TensorBoardMirror(observer, directory, run);
    }
}
