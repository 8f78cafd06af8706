using Emergence.Storage;

namespace Emergence.Study;

/// <summary>
/// Layout of a study folder:
/// <code>
///   DIR/study.json              the study definition (presets, sizes, seeds, every run's settings)
///   DIR/runs/&lt;size&gt;-s&lt;seed&gt;/    one run folder per run (run.db, weights/, resume/)
///   DIR/report/                 index.html, figures/, tables.md, results.json
///   DIR/study.lock              held by the one process running or reporting the study (see <see cref="FolderLock"/>)
/// </code>
/// </summary>
public sealed class StudyFolder(string path)
{
    /// <summary>Absolute path of the study folder.</summary>
    public string Path { get; } = System.IO.Path.GetFullPath(path);
    /// <summary>Path of <c>study.json</c>.</summary>
    public string DefinitionPath => System.IO.Path.Combine(Path, "study.json");
    /// <summary>Folder of the study's report.</summary>
    public string ReportDirectory => System.IO.Path.Combine(Path, "report");
    /// <summary>The run folder of a run, <c>runs/NAME</c>.</summary>
    public RunFolder Run(string name) => new(System.IO.Path.Combine(Path, "runs", name));

    /// <summary>Lock file held by the process that writes the study.</summary>
    public const string LockFileName = "study.lock";

    /// <summary>Claims the study folder for this process (training its runs, writing its report); refuses naming the holder.</summary>
    public FolderLock Lock() => FolderLock.Acquire(Path, LockFileName, "Study folder");

    /// <summary>The stored definition, or null when the folder holds no study yet.</summary>
    public StudyDefinition? Load()
    {
        if (!File.Exists(DefinitionPath)) return null;
        try
        {
            return StudyDefinition.FromJson(File.ReadAllText(DefinitionPath));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or NotSupportedException)
        {
            throw new StoreException($"Study definition {DefinitionPath} cannot be read: {e.Message}", e);
        }
    }

    /// <summary>
    /// Writes the definition into a new study folder, or checks that an existing folder holds the
    /// same one (the first differences are named otherwise). Returns the definition in force.
    /// With <paramref name="write"/> false only the checks are made and nothing is written.
    /// </summary>
    public StudyDefinition Prepare(StudyDefinition requested, bool write = true)
    {
        requested.Validate();
        var stored = Load();
        if (stored is null)
        {
            if (File.Exists(Path))
                throw new StoreException($"Study folder {Path} is a file; choose a folder.");
            if (Directory.Exists(Path) && Directory.EnumerateFileSystemEntries(Path).Any(e => System.IO.Path.GetFileName(e) != LockFileName))
                throw new StoreException($"Study folder {Path} is not empty and holds no study.json; choose an empty or new folder.");
            if (!write) return requested;
            try
            {
                RunFolder.WriteAtomically(DefinitionPath, s => s.Write(System.Text.Encoding.UTF8.GetBytes(requested.ToJson())));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new StoreException($"Cannot write the study folder {Path}: {e.Message}", e);
            }
            return requested;
        }
        var differences = JsonDifferences.Between(stored.ToJson(), requested.ToJson());
        if (differences.Count > 0)
            throw new StoreException($"Study folder {Path} was created with a different configuration: {string.Join("; ", differences)}.");
        return stored;
    }
}
