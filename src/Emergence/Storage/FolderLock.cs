using System.Text;

namespace Emergence.Storage;

/// <summary>
/// An exclusive claim on a run or study folder by one process: an operating-system lock on the
/// first byte of a lock file in the folder (fcntl on Linux, LockFile on Windows), with the
/// holder's process id written after it (on macOS, where byte ranges cannot be locked from .NET,
/// the whole file is locked with flock and the holder cannot be named). The kernel releases the lock when the process ends,
/// however it ends, so a killed writer never leaves a stale lock; the file itself stays and is
/// reused by the next writer.
/// </summary>
public sealed class FolderLock : IDisposable
{
    private const int PidOffset = 1;
    private readonly FileStream _stream;

    private FolderLock(FileStream stream) => _stream = stream;

    /// <summary>
    /// Takes the lock <paramref name="fileName"/> in <paramref name="folder"/> (created if needed),
    /// or throws a <see cref="StoreException"/> naming the process id that holds it.
    /// </summary>
    public static FolderLock Acquire(string folder, string fileName, string what)
    {
        var path = Path.Combine(folder, fileName);
        FileStream stream;
        try
        {
            Directory.CreateDirectory(folder);
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite,
                OperatingSystem.IsMacOS() ? FileShare.None : FileShare.ReadWrite | FileShare.Delete);
        }
        catch (IOException e) when (OperatingSystem.IsMacOS() && File.Exists(path))
        {
            throw InUse(folder, what, "another process", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StoreException($"Cannot write the {what.ToLowerInvariant()} {folder}: {e.Message}", e);
        }
        try
        {
            if (!OperatingSystem.IsMacOS()) stream.Lock(0, 1);
        }
        catch (IOException e)
        {
            var holder = ReadHolder(stream);
            stream.Dispose();
            throw InUse(folder, what, $"process {holder}", e);
        }
        stream.SetLength(PidOffset);
        stream.Position = PidOffset;
        stream.Write(Encoding.ASCII.GetBytes(Environment.ProcessId.ToString()));
        stream.Flush();
        return new FolderLock(stream);
    }

    private static StoreException InUse(string folder, string what, string holder, Exception inner) =>
        new($"{what} {folder} is in use by {holder}; wait for it to finish or stop it first.", inner);

    private static string ReadHolder(FileStream stream)
    {
        stream.Position = PidOffset;
        var text = new StreamReader(stream, Encoding.ASCII, leaveOpen: true).ReadToEnd().Trim();
        return int.TryParse(text, out var pid) ? pid.ToString() : "(unknown id)";
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _stream.Dispose();
}
