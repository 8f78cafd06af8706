using System.Text.Json;
using Emergence.Storage;

namespace Emergence.Study;

/// <summary>One start of the study command on a study folder.</summary>
/// <param name="StartedAt">When it started (UTC).</param>
/// <param name="Command">The command line as typed, words quoted for a POSIX shell where they need it.</param>
/// <param name="WorkingDirectory">The directory it ran in (relative paths in the command are relative to it).</param>
public sealed record StudyCommandEntry(DateTime StartedAt, string Command, string WorkingDirectory);

/// <summary>
/// <c>DIR/commands.jsonl</c>: one JSON line per start of the study command on the folder, appended
/// after the folder's definition is checked. A folder made before the log existed has no such file;
/// its commands read as not recorded (null), and the next start begins the log.
/// </summary>
public static class StudyCommandLog
{
    /// <summary>File name of the log in the study folder.</summary>
    public const string FileName = "commands.jsonl";

    /// <summary>Appends one start of the study command with the arguments <paramref name="arguments"/> after the program name.</summary>
    public static void Append(StudyFolder folder, IEnumerable<string> arguments, DateTime startedAt)
    {
        var entry = new StudyCommandEntry(startedAt.ToUniversalTime(), string.Join(' ', new[] { "emergence" }.Concat(arguments).Select(ShellWord)), Environment.CurrentDirectory);
        try
        {
            File.AppendAllText(Path.Combine(folder.Path, FileName), JsonSerializer.Serialize(entry, SnakeCaseJson.Compact) + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StoreException($"Cannot write the study folder {folder.Path}: {e.Message}", e);
        }
    }

    /// <summary>Every recorded start, oldest first; null when the folder has no log (made before it existed). A line that cannot be read is skipped.</summary>
    public static IReadOnlyList<StudyCommandEntry>? Read(StudyFolder folder)
    {
        var path = Path.Combine(folder.Path, FileName);
        if (!File.Exists(path)) return null;
        var entries = new List<StudyCommandEntry>();
        foreach (var line in File.ReadLines(path).Where(l => l.Trim().Length > 0))
        {
            try
            {
                if (JsonSerializer.Deserialize<StudyCommandEntry>(line, SnakeCaseJson.Compact) is { Command: not null } entry) entries.Add(entry);
            }
            catch (JsonException) { } // a line cut short by a crash mid-append
        }
        return entries;
    }

    /// <summary>The word as a POSIX shell reads it back: unchanged when it holds only safe characters, else single-quoted.</summary>
    public static string ShellWord(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=,:@%+".Contains(c)) ? word : "'" + word.Replace("'", "'\\''") + "'";
}
