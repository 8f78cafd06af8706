using System.CommandLine;
using Emergence.Storage;
using Emergence.Training;

namespace Emergence.Cli;

/// <summary>The <c>--tensorboard DIR</c> option of <c>train</c>, <c>study</c> and <c>study-run</c>.</summary>
public static class TensorBoardOption
{
    public static Option<string?> Create(string description) => new("--tensorboard") { Description = description };

    /// <summary>The option's folder as a full path, or null when not given; a path that is a file is refused.</summary>
    public static string? Folder(ParseResult parse, Option<string?> option)
    {
        if (parse.GetValue(option) is not { } dir) return null;
        var path = Path.GetFullPath(OptionLimits.Folder("--tensorboard", dir));
        return File.Exists(path) ? throw new ArgumentException($"--tensorboard {dir} is a file (expected a folder for event files).") : path;
    }

    /// <summary><paramref name="observer"/>, mirrored into TensorBoard event files in <paramref name="directory"/> when one is given.</summary>
    public static ITrainingObserver Wrap(ITrainingObserver observer, string? directory, RunFolder run) =>
        directory is null ? observer : new TensorBoardMirror(observer, directory, run);
}
