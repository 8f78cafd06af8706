using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using TorchSharp;

namespace Emergence.Pythia;

/// <summary>
/// Reads a safetensors file: an 8-byte little-endian header length N, N bytes of JSON
/// <c>{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}</c>, then the
/// tensor bytes (offsets relative to the end of the header). Only the header is read when the
/// file is opened; each tensor is read on demand.
/// </summary>
internal sealed class SafetensorsFile : WeightFile
{
    private const long MaxHeaderBytes = 100L << 20;
    private readonly FileStream _stream;
    private readonly List<StoredTensor> _tensors = [];

    public override string Path { get; }
    public override IReadOnlyList<StoredTensor> Tensors => _tensors;
    public IReadOnlyDictionary<string, string> Metadata { get; }

    private SafetensorsFile(string path, FileStream stream, Dictionary<string, string> metadata)
    {
        Path = path;
        _stream = stream;
        Metadata = metadata;
    }

    public static SafetensorsFile Open(string path)
    {
        var stream = File.OpenRead(path);
        try
        {
            var file = new SafetensorsFile(path, stream, []);
            file.ReadHeader();
            return file;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private void ReadHeader()
    {
        long length = _stream.Length;
        Span<byte> prefix = stackalloc byte[8];
        if (length < 8 || _stream.Read(prefix) != 8)
            throw Bad($"{length} bytes is too short for a safetensors header (truncated or not a safetensors file)");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderBytes)
            throw Bad($"header length {headerLength} is implausible (corrupt or not a safetensors file)");
        if ((long)headerLength > length - 8)
            throw Bad($"header of {headerLength} bytes does not fit in the file of {length} bytes (truncated)");
        var header = new byte[headerLength];
        _stream.ReadExactly(header);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(header);
        }
        catch (JsonException e)
        {
            throw Bad($"header is not valid JSON ({e.Message})", e);
        }
        long dataStart = 8 + (long)headerLength, dataLength = length - dataStart;
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw Bad("header is not a JSON object");
            foreach (var entry in doc.RootElement.EnumerateObject())
            {
                if (entry.Name == "__metadata__")
                {
                    if (entry.Value.ValueKind == JsonValueKind.Object)
                        foreach (var m in entry.Value.EnumerateObject())
                            ((Dictionary<string, string>)Metadata)[m.Name] = m.Value.ToString();
                    continue;
                }
                _tensors.Add(ParseEntry(entry, dataStart, dataLength));
            }
        }
    }

    private StoredTensor ParseEntry(JsonProperty entry, long dataStart, long dataLength)
    {
        try
        {
            var v = entry.Value;
            var dtype = v.GetProperty("dtype").GetString() switch
            {
                "F16" => torch.ScalarType.Float16,
                "BF16" => torch.ScalarType.BFloat16,
                "F32" => torch.ScalarType.Float32,
                "F64" => torch.ScalarType.Float64,
                "I64" => torch.ScalarType.Int64,
                "I32" => torch.ScalarType.Int32,
                "I16" => torch.ScalarType.Int16,
                "I8" => torch.ScalarType.Int8,
                "U8" => torch.ScalarType.Byte,
                "BOOL" => torch.ScalarType.Bool,
                var other => throw Bad($"tensor '{entry.Name}' has unsupported dtype '{other}'"),
            };
            var shape = v.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            var offsets = v.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0])
                throw Bad($"tensor '{entry.Name}' has invalid data_offsets");
            if (offsets[1] > dataLength)
                throw Bad($"tensor '{entry.Name}' ends at byte {offsets[1]} of a data section of {dataLength} bytes (truncated)");
            if (shape.Any(d => d < 0)) throw Bad($"tensor '{entry.Name}' has a negative dimension");
            return new StoredTensor(entry.Name, dtype, shape, Path, dataStart + offsets[0], offsets[1] - offsets[0]);
        }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException and not CheckpointFormatException)
        {
            throw Bad($"header entry '{entry.Name}' is malformed ({e.Message})", e);
        }
    }

    public override torch.Tensor Read(StoredTensor tensor, IncrementalHash? hash)
    {
        _stream.Seek(tensor.Offset, SeekOrigin.Begin);
        return ReadInto(_stream, tensor, hash);
    }

    private CheckpointFormatException Bad(string problem, Exception? inner = null) =>
        new($"{Path}: not a valid safetensors file: {problem}.", inner);

    public override void Dispose() => _stream.Dispose();
}
