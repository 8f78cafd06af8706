using System.Buffers.Binary;
using System.Text;

namespace Emergence.Tests.Support;

/// <summary>
/// Reads TensorBoard event files without TensorBoard's or TorchSharp's code: the TFRecord framing
/// (uint64 little-endian length, masked CRC-32C of those 8 bytes, the data, masked CRC-32C of the
/// data; mask(c) = ((c &gt;&gt; 15) | (c &lt;&lt; 17)) + 0xa282ead8) and the few fields of the Event
/// protobuf a scalar needs: wall_time (1, double), step (2, int64), file_version (3, string),
/// summary (5) holding repeated value (1) with tag (1, string) and simple_value (2, float).
/// </summary>
public static class TfEventFile
{
    public sealed record Event(double WallTime, long Step, string? FileVersion, IReadOnlyList<(string Tag, float Value)> Scalars);

    /// <summary>Every record of the file, in order; throws on a bad CRC or a truncated record.</summary>
    public static List<Event> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var events = new List<Event>();
        for (int at = 0; at < bytes.Length;)
        {
            if (bytes.Length - at < 12) throw new InvalidDataException($"truncated record header at byte {at}");
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at, 8));
            if (Masked(Crc32C(bytes.AsSpan(at, 8))) != BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8, 4)))
                throw new InvalidDataException($"bad length CRC at byte {at}");
            if (length > (ulong)(bytes.Length - at - 16)) throw new InvalidDataException($"truncated record at byte {at}");
            var data = bytes.AsSpan(at + 12, (int)length);
            if (Masked(Crc32C(data)) != BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 12 + (int)length, 4)))
                throw new InvalidDataException($"bad data CRC at byte {at}");
            events.Add(ParseEvent(data));
            at += 16 + (int)length;
        }
        return events;
    }

    /// <summary>CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), bit by bit.</summary>
    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (var b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78 : crc >> 1;
        }
        return ~crc;
    }

    private static uint Masked(uint crc) => ((crc >> 15) | (crc << 17)) + 0xa282ead8;

    private static Event ParseEvent(ReadOnlySpan<byte> data)
    {
        double wallTime = 0;
        long step = 0;
        string? version = null;
        var scalars = new List<(string, float)>();
        foreach (var (field, wire, value, bytes) in Fields(data.ToArray()))
        {
            if (field == 1 && wire == 1) wallTime = BitConverter.Int64BitsToDouble((long)value);
            else if (field == 2 && wire == 0) step = (long)value;
            else if (field == 3 && wire == 2) version = Encoding.UTF8.GetString(bytes!);
            else if (field == 5 && wire == 2)
                foreach (var (summaryField, summaryWire, _, entry) in Fields(bytes!))
                    if (summaryField == 1 && summaryWire == 2) scalars.Add(ParseValue(entry!));
        }
        return new Event(wallTime, step, version, scalars);
    }

    private static (string, float) ParseValue(byte[] data)
    {
        string tag = "";
        float value = float.NaN;
        foreach (var (field, wire, raw, bytes) in Fields(data))
        {
            if (field == 1 && wire == 2) tag = Encoding.UTF8.GetString(bytes!);
            else if (field == 2 && wire == 5) value = BitConverter.Int32BitsToSingle((int)raw);
        }
        return (tag, value);
    }

    /// <summary>The fields of a protobuf message: number, wire type, the number (varint, fixed64, fixed32) or the bytes (length-delimited).</summary>
    private static IEnumerable<(int Field, int Wire, ulong Value, byte[]? Bytes)> Fields(byte[] data)
    {
        int at = 0;
        while (at < data.Length)
        {
            ulong key = Varint(data, ref at);
            int field = (int)(key >> 3), wire = (int)(key & 7);
            switch (wire)
            {
                case 0: yield return (field, wire, Varint(data, ref at), null); break;
                case 1: yield return (field, wire, BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(at, 8)), null); at += 8; break;
                case 5: yield return (field, wire, BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at, 4)), null); at += 4; break;
                case 2:
                    int length = (int)Varint(data, ref at);
                    yield return (field, wire, 0, data.AsSpan(at, length).ToArray());
                    at += length;
                    break;
                default: throw new InvalidDataException($"unexpected wire type {wire} for field {field}");
            }
        }
    }

    private static ulong Varint(byte[] data, ref int at)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = data[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
    }
}
