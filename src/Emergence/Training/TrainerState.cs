using System.Security.Cryptography;
using Emergence.Models;
using Emergence.Storage;
using TorchSharp;
using TorchSharp.Modules;

namespace Emergence.Training;

/// <summary>
/// The state a run needs to continue bit for bit: step, model parameters and AdamW moments.
/// File layout: magic, format version, step, model (TorchSharp binary), optimizer state, then
/// the SHA-256 of everything before it, so a torn or altered file is detected on load.
/// </summary>
internal static class TrainerState
{
    private const string Magic = "EMERGENCE-TRAINER-STATE";
    private const int FormatVersion = 1;

    public static void Save(string path, long step, Gpt model, AdamW optimizer)
    {
        RunFolder.WriteAtomically(path, stream =>
        {
            using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(FormatVersion);
                writer.Write(step);
                model.save(writer);
                optimizer.save_state_dict(writer);
            }
            stream.Position = 0;
            var hash = SHA256.HashData(stream);
            stream.Write(hash);
        });
    }

    /// <summary>Checks that a state file is whole (length, checksum, format) without loading it.</summary>
    public static void Verify(string path) => ReadVerified(path);

    /// <summary>Loads into an existing model and optimizer; returns the step the state belongs to.</summary>
    public static long Load(string path, Gpt model, AdamW optimizer)
    {
        var (bytes, bodyLength) = ReadVerified(path);
        using var reader = new BinaryReader(new MemoryStream(bytes, 0, bodyLength));
        reader.ReadString(); // magic and format version, checked by ReadVerified
        reader.ReadInt32();
        long step = reader.ReadInt64();
        model.load(reader);
        optimizer.load_state_dict(reader);
        return step;
    }

    private static (byte[] Bytes, int BodyLength) ReadVerified(string path)
    {
        if (!File.Exists(path)) throw new StoreException($"Trainer state {path} is missing.");
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 32 + Magic.Length)
            throw new StoreException($"Trainer state {path} is truncated ({bytes.Length} bytes).");
        int bodyLength = bytes.Length - 32;
        if (!SHA256.HashData(bytes.AsSpan(0, bodyLength)).AsSpan().SequenceEqual(bytes.AsSpan(bodyLength)))
            throw new StoreException($"Trainer state {path} is corrupt (checksum mismatch).");
        using var reader = new BinaryReader(new MemoryStream(bytes, 0, bodyLength));
        if (reader.ReadString() != Magic || reader.ReadInt32() != FormatVersion)
            throw new StoreException($"Trainer state {path} is not a trainer state of this format.");
        return (bytes, bodyLength);
    }
}
