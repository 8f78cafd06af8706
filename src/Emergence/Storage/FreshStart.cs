namespace Emergence.Storage;

/// <summary>
/// Remembers what a run folder held before a new run started in it, so that a start that fails
/// before its first checkpoint is committed can remove what it created (the store and its
/// sidecars, weight and trainer-state files, folders that did not exist) and nothing else.
/// The same command with corrected input then starts afresh instead of finding a run to resume.
/// </summary>
internal sealed class FreshStart
{
    private readonly RunFolder _folder;
    private readonly HashSet<string> _before;

    private FreshStart(RunFolder folder)
    {
        _folder = folder;
        _before = [.. Entries()];
    }

    /// <summary>A guard for a folder that holds no store yet; null when it holds one (a resume).</summary>
    public static FreshStart? Begin(RunFolder folder) => folder.HasStore ? null : new FreshStart(folder);

    private IEnumerable<string> Entries()
    {
        if (!Directory.Exists(_folder.Path)) return [];
        IEnumerable<string> Within(string dir) => Directory.Exists(dir) ? Directory.EnumerateFileSystemEntries(dir) : [];
        return [_folder.Path, .. Within(_folder.Path), .. Within(_folder.WeightsDirectory), .. Within(_folder.ResumeDirectory)];
    }

    /// <summary>
    /// After a failure: when the store holds no checkpoint, deletes every file and folder that
    /// appeared since <see cref="Begin"/> (deepest first); otherwise keeps everything, as the
    /// committed checkpoints can be resumed or analysed.
    /// </summary>
    public void UndoIfNoCheckpoint()
    {
        if (HasCheckpoint()) return;
        foreach (var entry in Entries().Where(e => !_before.Contains(e)).OrderByDescending(e => e.Length))
        {
            try
            {
                if (File.Exists(entry)) File.Delete(entry);
                else if (Directory.Exists(entry) && !Directory.EnumerateFileSystemEntries(entry).Any()) Directory.Delete(entry);
            }
            catch (IOException)
            {
                // Best effort: the original error is what the user must see.
            }
        }
    }

    private bool HasCheckpoint()
    {
        if (!_folder.HasStore) return false;
        try
        {
            using var store = RunStore.Open(_folder.StorePath, readOnly: true);
            return store.LastCheckpointStep() is not null;
        }
        catch (StoreException)
        {
            return false; // a store too damaged to open holds no usable checkpoint
        }
    }
}
