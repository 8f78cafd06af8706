namespace Emergence.Storage;

/// <summary>
/// Layout of a run folder:
/// <code>
///   DIR/run.db                               SQLite run store (WAL)
///   DIR/weights/step-0001000.safetensors     model weights (nanoGPT names, float32)
///   DIR/resume/step-0001000.state            trainer state for --resume (weights + AdamW moments)
/// </code>
/// </summary>
public sealed class RunFolder(string path)
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);
    public string StorePath => System.IO.Path.Combine(Path, "run.db");
    public string WeightsDirectory => System.IO.Path.Combine(Path, "weights");
    public string ResumeDirectory => System.IO.Path.Combine(Path, "resume");

    public string WeightsFile(long step) => System.IO.Path.Combine(WeightsDirectory, $"step-{step:D7}.safetensors");
    public string ResumeFile(long step) => System.IO.Path.Combine(ResumeDirectory, $"step-{step:D7}.state");

    public bool HasStore => File.Exists(StorePath);

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
