using System.IO.Compression;
using System.IO.Hashing;
using System.Security.Cryptography;
using TorchSharp;

namespace Emergence.Pythia;

/// <summary>
/// Reads a state dict written by <c>torch.save</c> in its zip format (PyTorch 1.6 and later;
/// Hugging Face's pytorch_model.bin). The archive holds <c>PREFIX/data.pkl</c> (a pickle of an
/// OrderedDict name -> <c>torch._utils._rebuild_tensor_v2(storage, offset, size, stride, ...)</c>,
/// storages given as persistent ids <c>("storage", torch.HalfStorage, key, location, numel)</c>)
/// and each storage's raw little-endian bytes in <c>PREFIX/data/KEY</c>. The prefix differs
/// between writers (<c>archive/</c>, or the file's stem) and is taken from the archive.
/// Only the pickle is read when the file is opened; each tensor is read on demand.
/// <para>
/// Every entry's CRC-32 (zip's, ISO-HDLC polynomial) is checked against its bytes: the small
/// entries (pickle, version, byte order) when the file is opened, each storage when a tensor of
/// it is first read (computed while copying when the tensor is the whole storage, the usual case).
/// A mismatch is a <see cref="CheckpointFormatException"/> naming the entry.
/// </para>
/// </summary>
internal sealed class TorchZipFile : WeightFile
{
    private readonly ZipArchive _zip;
    private readonly string _prefix;
    private readonly List<StoredTensor> _tensors = [];
    private readonly HashSet<string> _verified = [];

    public override string Path { get; }
    public override IReadOnlyList<StoredTensor> Tensors => _tensors;

    private sealed record StorageRef(string Key, torch.ScalarType DType, long Elements);
    private sealed record TensorRef(StorageRef Storage, long Offset, long[] Shape, long[] Stride);

    private TorchZipFile(string path, ZipArchive zip, string prefix)
    {
        Path = path;
        _zip = zip;
        _prefix = prefix;
    }

    public static TorchZipFile Open(string path)
    {
        var stream = File.OpenRead(path);
        ZipArchive zip;
        try
        {
            Span<byte> magic = stackalloc byte[4];
            int n = stream.Read(magic);
            if (n < 4 || magic[0] != 'P' || magic[1] != 'K')
                throw new CheckpointFormatException(n >= 2 && magic[0] == 0x80
                    ? $"{path}: legacy (pre-1.6) torch.save format is not supported; re-save it with a current PyTorch or convert it to safetensors."
                    : $"{path}: not a PyTorch zip archive (no zip signature; truncated or another kind of file).");
            stream.Seek(0, SeekOrigin.Begin);
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
        }
        catch (InvalidDataException e)
        {
            stream.Dispose();
            throw new CheckpointFormatException($"{path}: corrupt or truncated zip archive ({e.Message}).", e);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
        try
        {
            var pkl = zip.Entries.FirstOrDefault(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) || e.FullName == "data.pkl")
                ?? throw new CheckpointFormatException($"{path}: zip archive has no data.pkl (not a torch.save file).");
            var file = new TorchZipFile(path, zip, pkl.FullName[..^"data.pkl".Length]);
            foreach (var entry in zip.Entries.Where(e => !e.FullName.StartsWith(file._prefix + "data/", StringComparison.Ordinal)))
                file.Verify(entry);
            using (var s = pkl.Open())
            using (var buffered = new MemoryStream())
            {
                s.CopyTo(buffered);
                buffered.Position = 0;
                file.ReadStateDict(buffered);
            }
            return file;
        }
        catch (InvalidDataException e)
        {
            zip.Dispose();
            throw new CheckpointFormatException($"{path}: corrupt zip archive ({e.Message}).", e);
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    private void ReadStateDict(Stream pickle)
    {
        var reader = new PickleReader(Reduce, PersistentLoad);
        var root = reader.Load(pickle, Path);
        if (root is not Dictionary<object, object?> dict)
            throw new CheckpointFormatException($"{Path}: the pickle is not a state dict (got {root?.GetType().Name ?? "None"}).");
        foreach (var (key, value) in dict)
        {
            if (key is not string name) throw new CheckpointFormatException($"{Path}: state dict key {key} is not a string.");
            if (value is not TensorRef t) throw new CheckpointFormatException($"{Path}: entry '{name}' is not a tensor.");
            long[] contiguous = new long[t.Shape.Length];
            for (int i = t.Shape.Length - 1, s = 1; i >= 0; s *= (int)t.Shape[i], i--) contiguous[i] = s;
            long numel = t.Shape.Aggregate(1L, (a, b) => a * b);
            if (numel > 1 && !t.Stride.SequenceEqual(contiguous))
                throw new CheckpointFormatException($"{Path}: tensor '{name}' is not contiguous (stride [{string.Join(", ", t.Stride)}]); not supported.");
            if (t.Offset + numel > t.Storage.Elements)
                throw new CheckpointFormatException($"{Path}: tensor '{name}' lies outside its storage.");
            int size = StoredTensor.ElementSize(t.Storage.DType);
            _tensors.Add(new StoredTensor(name, t.Storage.DType, t.Shape, Path, t.Offset * size, numel * size) { StorageKey = t.Storage.Key });
        }
    }

    private static object? Reduce(PickleGlobal function, object?[] args)
    {
        switch (function.ToString())
        {
            case "collections.OrderedDict":
                return new Dictionary<object, object?>();
            case "torch._utils._rebuild_tensor_v2":
            case "torch._utils._rebuild_tensor":
                return new TensorRef((StorageRef)args[0]!, (long)args[1]!, Longs(args[2]), Longs(args[3]));
            case "torch._utils._rebuild_parameter":
                return args[0];
            default:
                return null;
        }
    }

    private static long[] Longs(object? tuple) => [.. ((object?[])tuple!).Select(o => (long)o!)];

    private object PersistentLoad(object? pid)
    {
        if (pid is not object?[] { Length: >= 5 } t || t[0] as string != "storage")
            throw new CheckpointFormatException($"{Path}: unknown persistent id in the pickle.");
        var type = (PickleGlobal)t[1]!;
        var dtype = type.Name switch
        {
            "HalfStorage" => torch.ScalarType.Float16,
            "BFloat16Storage" => torch.ScalarType.BFloat16,
            "FloatStorage" => torch.ScalarType.Float32,
            "DoubleStorage" => torch.ScalarType.Float64,
            "LongStorage" => torch.ScalarType.Int64,
            "IntStorage" => torch.ScalarType.Int32,
            "ShortStorage" => torch.ScalarType.Int16,
            "CharStorage" => torch.ScalarType.Int8,
            "ByteStorage" => torch.ScalarType.Byte,
            "BoolStorage" => torch.ScalarType.Bool,
            _ => throw new CheckpointFormatException($"{Path}: unsupported storage type {type}."),
        };
        return new StorageRef((string)t[2]!, dtype, (long)t[4]!);
    }

    public override torch.Tensor Read(StoredTensor tensor, IncrementalHash? hash)
    {
        var entryName = _prefix + "data/" + tensor.StorageKey;
        var entry = _zip.GetEntry(entryName)
            ?? throw new CheckpointFormatException($"{Path}: storage '{entryName}' of tensor '{tensor.Name}' is missing from the archive.");
        if (entry.Length < tensor.Offset + tensor.ByteLength)
            throw new CheckpointFormatException($"{Path}: storage '{entryName}' of tensor '{tensor.Name}' has {entry.Length} bytes, fewer than the {tensor.Offset + tensor.ByteLength} it needs (truncated).");
        try
        {
            bool wholeStorage = tensor.Offset == 0 && tensor.ByteLength == entry.Length;
            if (!wholeStorage) Verify(entry);
            using var stream = entry.Open();
            if (tensor.Offset > 0)
            {
                if (stream.CanSeek) stream.Seek(tensor.Offset, SeekOrigin.Begin);
                else Skip(stream, tensor.Offset);
            }
            if (!wholeStorage || _verified.Contains(entry.FullName)) return ReadInto(stream, tensor, hash);
            var crc = new Crc32();
            var result = ReadInto(stream, tensor, hash, crc);
            try
            {
                CheckCrc(entry, crc.GetCurrentHashAsUInt32());
            }
            catch
            {
                result.Dispose();
                throw;
            }
            return result;
        }
        catch (InvalidDataException e)
        {
            throw new CheckpointFormatException($"{Path}: storage of tensor '{tensor.Name}' is corrupt ({e.Message}).", e);
        }
    }

    /// <summary>Reads a whole entry and checks its CRC-32 (once per entry).</summary>
    private void Verify(ZipArchiveEntry entry)
    {
        if (_verified.Contains(entry.FullName)) return;
        var crc = new Crc32();
        using (var stream = entry.Open()) crc.Append(stream);
        CheckCrc(entry, crc.GetCurrentHashAsUInt32());
    }

    private void CheckCrc(ZipArchiveEntry entry, uint actual)
    {
        if (actual != entry.Crc32)
            throw new CheckpointFormatException($"{Path}: zip entry '{entry.FullName}' fails its CRC-32 check (stored {entry.Crc32:x8}, data {actual:x8}); the file is corrupt.");
        _verified.Add(entry.FullName);
    }

    private static void Skip(Stream stream, long count)
    {
        var buffer = new byte[81920];
        while (count > 0)
        {
            int n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
            if (n == 0) throw new EndOfStreamException();
            count -= n;
        }
    }

    public override void Dispose() => _zip.Dispose();
}
