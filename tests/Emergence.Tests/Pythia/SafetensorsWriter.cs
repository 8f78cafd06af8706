using System.Text;
using System.Text.Json;
using TorchSharp;

namespace Emergence.Tests.Pythia;

/// <summary>Writes tensors as a safetensors file (test helper; F32 or F16).</summary>
internal static class SafetensorsWriter
{
    public static void Write(string path, IReadOnlyList<(string Name, torch.Tensor Tensor)> tensors)
    {
        var header = new Dictionary<string, object> { ["__metadata__"] = new Dictionary<string, string> { ["format"] = "pt" } };
        long offset = 0;
        var blobs = new List<byte[]>();
        foreach (var (name, t) in tensors)
        {
            var bytes = t.contiguous().bytes.ToArray();
            header[name] = new
            {
                dtype = t.dtype == torch.ScalarType.Float16 ? "F16" : t.dtype == torch.ScalarType.Float32 ? "F32" : throw new ArgumentException("dtype"),
                shape = t.shape,
                data_offsets = new[] { offset, offset + bytes.Length },
            };
            offset += bytes.Length;
            blobs.Add(bytes);
        }
        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        int padded = (json.Length + 7) / 8 * 8;
        using var file = File.Create(path);
        file.Write(BitConverter.GetBytes((ulong)padded));
        file.Write(json);
        for (int i = json.Length; i < padded; i++) file.WriteByte((byte)' ');
        foreach (var b in blobs) file.Write(b);
    }
}
