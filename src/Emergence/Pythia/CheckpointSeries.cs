using System.Text.RegularExpressions;

namespace Emergence.Pythia;

/// <summary>One checkpoint folder and the training step it holds.</summary>
internal sealed record PythiaCheckpoint(long Step, ModelFolder Folder);

/// <summary>
/// Finds the checkpoints under a model directory: the directory itself when it holds
/// config.json (step from a <c>stepN</c> folder name, else 0), otherwise its sub-folders named
/// <c>stepN</c> (also <c>step-N</c>, <c>step_N</c>), in step order.
/// </summary>
internal static partial class CheckpointSeries
{
    [GeneratedRegex(@"^step[-_]?(\d+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StepName();

    public static long? StepOf(string folderName) =>
        StepName().Match(folderName) is { Success: true } m && long.TryParse(m.Groups[1].Value, out var s) ? s : null;

    public static IReadOnlyList<PythiaCheckpoint> Find(string modelDir, IReadOnlyCollection<long>? steps = null)
    {
        var dir = Path.GetFullPath(modelDir);
        if (!Directory.Exists(dir)) throw new ArgumentException($"Model directory {dir} does not exist.");
        List<PythiaCheckpoint> found;
        if (File.Exists(Path.Combine(dir, "config.json")))
            found = [new PythiaCheckpoint(StepOf(Path.GetFileName(dir)) ?? 0, new ModelFolder(dir))];
        else
        {
            found = [.. Directory.EnumerateDirectories(dir)
                .Select(d => (Dir: d, Step: StepOf(Path.GetFileName(d))))
                .Where(p => p.Step is not null)
                .OrderBy(p => p.Step)
                .Select(p => new PythiaCheckpoint(p.Step!.Value, new ModelFolder(p.Dir)))];
            if (found.Count == 0)
                throw new ArgumentException($"{dir} holds neither config.json nor step* checkpoint folders.");
            var dup = found.GroupBy(c => c.Step).FirstOrDefault(g => g.Count() > 1);
            if (dup is not null) throw new ArgumentException($"{dir}: step {dup.Key} appears in more than one folder.");
        }
        if (steps is { Count: > 0 })
        {
            var missing = steps.Where(s => found.All(c => c.Step != s)).ToList();
            if (missing.Count > 0)
                throw new ArgumentException($"{dir}: no checkpoint for step{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)} (found {string.Join(", ", found.Select(c => c.Step))}).");
            found = [.. found.Where(c => steps.Contains(c.Step))];
        }
        return found;
    }
}
