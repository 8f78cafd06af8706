using System.IO.Hashing;
using System.Security.Cryptography;
using TorchSharp;

namespace Emergence.Pythia;

/// <summary>
/// One tensor in a weight file, described but not yet read: its name, stored element type,
/// shape, and where its bytes are. <see cref="WeightFile.Read"/> reads it.
/// </summary>
internal sealed record StoredTensor(string Name, torch.ScalarType DType, long[] Shape, string File, long Offset, long ByteLength)
{
    /// <summary>Archive entry of the storage, for PyTorch zip files.</summary>
    public string StorageKey { get; init; } = "";

    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    public static int ElementSize(torch.ScalarType dtype) => dtype switch
    {
        torch.ScalarType.Float16 or torch.ScalarType.BFloat16 or torch.ScalarType.Int16 => 2,
        torch.ScalarType.Float32 or torch.ScalarType.Int32 => 4,
        torch.ScalarType.Float64 or torch.ScalarType.Int64 => 8,
        torch.ScalarType.Bool or torch.ScalarType.Byte or torch.ScalarType.Int8 => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unsupported element type"),
    };
}

/// <summary>A file holding named tensors (safetensors or a PyTorch zip archive).</summary>
internal abstract class WeightFile : IDisposable
{
    public abstract string Path { get; }
    public abstract IReadOnlyList<StoredTensor> Tensors { get; }

    /// <summary>
    /// Reads one tensor in its stored element type, straight from the file into native memory,
    /// and feeds its raw bytes to <paramref name="hash"/> when given.
    /// </summary>
    public abstract torch.Tensor Read(StoredTensor tensor, IncrementalHash? hash);

    public abstract void Dispose();

    /// <summary>
    /// Copies exactly the tensor's bytes of <paramref name="source"/> into a new tensor, feeding
    /// them to <paramref name="hash"/> and <paramref name="crc"/> when given.
    /// </summary>
    protected static torch.Tensor ReadInto(Stream source, StoredTensor tensor, IncrementalHash? hash, Crc32? crc = null)
    {
        long expected = tensor.ElementCount * StoredTensor.ElementSize(tensor.DType);
        if (expected != tensor.ByteLength)
            throw new CheckpointFormatException($"{tensor.File}: tensor '{tensor.Name}' has {tensor.ByteLength} bytes for shape [{string.Join(", ", tensor.Shape)}] of {tensor.DType} ({expected} expected).");
        var result = torch.empty(tensor.Shape, tensor.DType);
        try
        {
            if (expected > int.MaxValue)
                throw new CheckpointFormatException($"{tensor.File}: tensor '{tensor.Name}' is larger than 2 GB; not supported.");
            // For a contiguous CPU tensor, Tensor.bytes is a span over its native memory.
            var native = result.bytes;
            long done = 0;
            while (done < expected)
            {
                int chunk = (int)Math.Min(expected - done, 1 << 24);
                var span = native.Slice((int)done, chunk);
                try
                {
                    source.ReadExactly(span);
                }
                catch (EndOfStreamException e)
                {
                    throw new CheckpointFormatException($"{tensor.File}: file ends inside tensor '{tensor.Name}' (truncated).", e);
                }
                hash?.AppendData(span);
                crc?.Append(span);
                done += chunk;
            }
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }
}
