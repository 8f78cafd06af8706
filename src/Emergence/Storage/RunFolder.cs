namespace Emergence.Storage;

/// <summary>
/// Layout of a run folder:
/// <code>
///   DIR/run.db                               SQLite run store (WAL)
///   DIR/weights/step-0001000.safetensors     model weights (nanoGPT names, float32)
///   DIR/resume/step-0001000.state            trainer state for --resume (weights + AdamW moments)
///   DIR/run.lock                             held by the one process writing the run (see <see cref="FolderLock"/>)
/// </code>
/// </summary>
public sealed class RunFolder(string path)
{
    /// <summary>Absolute path of the run folder.</summary>
    public string Path { get; } = System.IO.Path.GetFullPath(path);
    /// <summary>Path of the run store, <c>run.db</c>.</summary>
    public string StorePath => System.IO.Path.Combine(Path, "run.db");
    /// <summary>Folder of the checkpoints' weights files.</summary>
    public string WeightsDirectory => System.IO.Path.Combine(Path, "weights");
    /// <summary>Folder of the trainer states that resuming reads.</summary>
    public string ResumeDirectory => System.IO.Path.Combine(Path, "resume");

    /// <summary>Weights file of a checkpoint, <c>weights/step-NNNNNNN.safetensors</c>.</summary>
    public string WeightsFile(long step) => System.IO.Path.Combine(WeightsDirectory, $"step-{step:D7}.safetensors");
    /// <summary>Trainer state of a checkpoint, <c>resume/step-NNNNNNN.state</c>.</summary>
    public string ResumeFile(long step) => System.IO.Path.Combine(ResumeDirectory, $"step-{step:D7}.state");

    /// <summary>Whether the folder holds a run store.</summary>
    public bool HasStore => File.Exists(StorePath);

    /// <summary>Lock file held by the process that writes the run.</summary>
    public const string LockFileName = "run.lock";

    /// <summary>True when the folder exists and holds anything besides its lock file.</summary>
    public bool HoldsFiles =>
        Directory.Exists(Path) && Directory.EnumerateFileSystemEntries(Path).Any(e => System.IO.Path.GetFileName(e) != LockFileName);

    /// <summary>Claims the folder for this process as its one writer (created if needed); refuses naming the holder.</summary>
    public FolderLock Lock() => FolderLock.Acquire(Path, LockFileName, "Run folder");

    /// <summary>
    /// Refuses, before anything is written, a folder that does not fit the request: without
    /// <paramref name="resume"/> it must be new or empty; with it, it must hold a run.
    /// </summary>
    public void CheckFits(bool resume)
    {
        if (File.Exists(Path)) throw new StoreException($"Output folder {Path} is a file; choose a folder.");
        if (resume && !HasStore)
            throw new StoreException(HoldsFiles
                ? $"Cannot resume {Path}: it holds no run (no run.db) and is not empty; check the path."
                : $"Cannot resume {Path}: it holds no run (no run.db); drop --resume to start one.");
        if (!resume && HasStore)
            throw new StoreException($"Output folder {Path} already holds a run; pass --resume to continue it or choose another folder.");
        if (!resume && HoldsFiles)
            throw new StoreException($"Output folder {Path} is not empty and holds no run; choose an empty or new folder.");
    }

    /// <summary>Steps that have a file of the given kind, from their names.</summary>
    public static IEnumerable<long> StepsIn(string directory, string extension) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "step-*" + extension)
                .Select(f => System.IO.Path.GetFileName(f)["step-".Length..^extension.Length])
                .Where(s => long.TryParse(s, out _)).Select(long.Parse).Order()
            : [];

    /// <summary>
    /// Writes a file so that a reader sees either the old state or the complete new file:
    /// write to a temporary name, flush to disk, then rename over the destination.
    /// </summary>
    public static void WriteAtomically(string destination, Action<Stream> write)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(destination)!);
        var temp = destination + ".tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.ReadWrite, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, destination, overwrite: true);
        }
        catch (IOException e)
        {
            try { File.Delete(temp); } catch (IOException) { } // no partial file left behind; the destination is untouched
            throw new IOException($"Cannot write {destination}: {e.Message}", e);
        }
    }
}
