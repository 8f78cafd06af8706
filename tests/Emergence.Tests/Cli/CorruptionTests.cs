using System.IO.Compression;
using Emergence.Models;
using Emergence.Pythia;
using Emergence.Storage;
using Emergence.Tests.Pythia;
using Emergence.Tests.Support;
using TorchSharp;

namespace Emergence.Tests.Cli;

/// <summary>
/// A corrupted input never yields a plausible number: a damaged weight file is refused at load
/// with one line naming the file and the damage, a failed start leaves nothing that blocks the
/// corrected rerun, and a value that comes out NaN is flagged in the store, never stored as a number.
/// </summary>
public sealed class CorruptionTests
{
    private const string EmbedOut = "embed_out.weight";
    private static readonly byte[] HalfNaN = [0x00, 0x7E]; // float16 NaN, little-endian

    /// <summary>The fixture with only its PyTorch zip weights (safetensors would be preferred).</summary>
    private static string BinOnly(TempDirectory dir) => TinyNeoX.CopyTo(dir.Combine("model"), "model.safetensors");

    private static string[] Sweep(string modelDir, string run) =>
        ["pythia", "--model-dir", modelDir, "--probes", "arithmetic", "--threads", "1", "--out", run];

    private static long StorageStart(string binPath, string tensor)
    {
        string key;
        using (var file = TorchZipFile.Open(binPath)) key = file.Tensors.Single(t => t.Name == tensor).StorageKey;
        string name;
        using (var zip = ZipFile.OpenRead(binPath)) name = zip.Entries.Single(e => e.FullName.EndsWith("/data/" + key, StringComparison.Ordinal)).FullName;
        // Local header: 30 bytes, the name, then the extra field (lengths at offsets 26 and 28).
        var bytes = File.ReadAllBytes(binPath);
        long localHeader = FindLocalHeader(bytes, name);
        return localHeader + 30 + BitConverter.ToUInt16(bytes, (int)localHeader + 26) + BitConverter.ToUInt16(bytes, (int)localHeader + 28);
    }

    private static long FindLocalHeader(byte[] bytes, string name)
    {
        var pattern = "PK\u0003\u0004"u8.ToArray();
        var nameBytes = System.Text.Encoding.UTF8.GetBytes(name);
        for (long i = 0; i + 30 + nameBytes.Length <= bytes.Length; i++)
            if (bytes.AsSpan((int)i, 4).SequenceEqual(pattern) && BitConverter.ToUInt16(bytes, (int)i + 26) == nameBytes.Length
                && bytes.AsSpan((int)i + 30, nameBytes.Length).SequenceEqual(nameBytes))
                return i;
        throw new InvalidOperationException($"no local header for {name}");
    }

    [Fact]
    public void A_shard_with_overwritten_bytes_fails_its_crc_and_the_corrected_rerun_just_works()
    {
        using var dir = new TempDirectory();
        var model = BinOnly(dir);
        var bin = Path.Combine(model, "pytorch_model.bin");
        var pristine = File.ReadAllBytes(bin);
        long inside = StorageStart(bin, EmbedOut) + 1000; // inside embed_out's storage; the zip structure stays intact
        using (var file = File.OpenWrite(bin))
        {
            file.Seek(inside, SeekOrigin.Begin);
            file.Write(Enumerable.Repeat((byte)0xFF, 64).ToArray());
        }
        var run = dir.Combine("run");

        var failed = CliProcess.Run(Sweep(model, run));
        CliProcess.AssertOneLineError(failed, "fails its CRC-32 check");
        Assert.Contains(bin, failed.Stderr);
        Assert.False(Directory.Exists(run), "a failed start must leave no run folder behind");

        File.WriteAllBytes(bin, pristine);
        var rerun = CliProcess.Run(Sweep(model, run));
        Assert.True(rerun.ExitCode == 0, rerun.Stderr);
        using var store = RunStore.Open(Path.Combine(run, "run.db"), readOnly: true);
        Assert.Equal([0L], store.Checkpoints().Select(c => c.Step));
        Assert.Empty(store.NonFinite());
    }

    [Fact]
    public void A_failed_sweep_start_keeps_files_that_were_there_before()
    {
        using var dir = new TempDirectory();
        var model = BinOnly(dir);
        File.WriteAllBytes(Path.Combine(model, "pytorch_model.bin"), [0x50, 0x4B, 0x03, 0x04, 0, 0]); // a zip signature, then nothing
        var run = Directory.CreateDirectory(dir.Combine("run")).FullName;
        File.WriteAllText(Path.Combine(run, "notes.txt"), "mine");
        CliProcess.AssertOneLineError(CliProcess.Run(Sweep(model, run)), "corrupt or truncated zip archive");
        Assert.Equal(["notes.txt"], Directory.EnumerateFileSystemEntries(run).Select(Path.GetFileName));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(run, "notes.txt")));
    }

    [Fact]
    public void A_nan_weight_in_safetensors_fails_the_sweep_with_one_line()
    {
        using var dir = new TempDirectory();
        var model = TinyNeoX.CopyTo(dir.Combine("model"), "pytorch_model.bin");
        var path = Path.Combine(model, "model.safetensors");
        long offset;
        using (var file = SafetensorsFile.Open(path)) offset = file.Tensors.Single(t => t.Name == EmbedOut).Offset;
        using (var stream = File.OpenWrite(path))
        {
            stream.Seek(offset + 2 * 77, SeekOrigin.Begin);
            stream.Write(HalfNaN);
        }
        var run = dir.Combine("run");
        var result = CliProcess.Run(Sweep(model, run));
        CliProcess.AssertOneLineError(result, $"tensor '{EmbedOut}' holds 1 NaN or infinite value of 1609728");
        Assert.Contains(path, result.Stderr);
        Assert.False(Directory.Exists(run));
    }

    [Fact]
    public void A_nan_weight_in_a_zip_with_a_valid_crc_is_refused_at_load()
    {
        using var dir = new TempDirectory();
        var model = BinOnly(dir);
        var bin = Path.Combine(model, "pytorch_model.bin");
        string key;
        using (var file = TorchZipFile.Open(bin)) key = file.Tensors.Single(t => t.Name == EmbedOut).StorageKey;
        using (var zip = ZipFile.Open(bin, ZipArchiveMode.Update))
        {
            var entry = zip.Entries.Single(e => e.FullName.EndsWith("/data/" + key, StringComparison.Ordinal));
            var name = entry.FullName;
            byte[] data;
            using (var s = entry.Open()) { using var copy = new MemoryStream(); s.CopyTo(copy); data = copy.ToArray(); }
            HalfNaN.CopyTo(data, 2 * 5);
            HalfNaN.CopyTo(data, 2 * 6);
            entry.Delete();
            using var w = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
            w.Write(data);
        }
        var e = Assert.Throws<CheckpointFormatException>(() => NeoXWeights.Load(new ModelFolder(model)).Dispose());
        Assert.Contains($"{bin}: tensor '{EmbedOut}' holds 2 NaN or infinite values of 1609728", e.Message);
    }

    [Fact]
    public void Our_own_weights_file_with_a_nan_is_refused_at_load()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("step-0000010.safetensors");
        var config = GptConfig.Parse("nano");
        using (var model = new Gpt(config))
        {
            using (torch.no_grad()) model.parameters().First().view(-1)[3].fill_(float.PositiveInfinity);
            ModelWeights.Save(path, model);
        }
        using var fresh = new Gpt(config);
        var e = Assert.Throws<StoreException>(() => ModelWeights.Load(path, fresh));
        Assert.Contains($"Weights file {path}: tensor '", e.Message);
        Assert.Contains("holds 1 NaN or infinite value of", e.Message);
    }

    [Fact]
    public void A_nan_never_becomes_an_accuracy_and_the_store_flags_it()
    {
        using var weights = NeoXWeights.Load(new ModelFolder(TinyNeoX.Folder));
        using (torch.no_grad()) weights.EmbedOut.view(-1)[0].fill_(float.NaN); // as a damaged checkpoint would, past every load check
        var rows = ProbeMeasurement.Measure(new NeoXModel(weights), PythiaTokenizer.Load(Path.Combine(TinyNeoX.Folder, "tokenizer.json")),
            ProbeSet.Load("arithmetic"), step: 0);
        Assert.True(double.IsNaN(rows.Single(r => r.Name == "accuracy").Value));
        Assert.True(double.IsNaN(rows.Single(r => r.Name == "answer_logprob").Value));

        using var dir = new TempDirectory();
        var storePath = dir.Combine("run.db");
        using (var store = RunStore.Create(storePath, new Dictionary<string, string>()))
            store.RecordCheckpoint(new CheckpointRow(0, double.NaN, 0, 0, 0), rows, [], []);
        using var read = RunStore.Open(storePath, readOnly: true);
        var flagged = read.NonFinite();
        Assert.Contains(flagged, v => v is { Name: "accuracy", Task: "arithmetic", Value: "NaN" });
        Assert.Contains(flagged, v => v is { Name: "answer_logprob", Task: "arithmetic", Value: "NaN" });
        Assert.Equal(rows.Count(r => !double.IsFinite(r.Value)), flagged.Count);
        Assert.True(double.IsNaN(read.Metrics("accuracy").Single().Value)); // stored NULL, read as NaN: never a number
    }
}
