using Emergence.Cli;
using Emergence.Pythia;
using Emergence.Tests.Support;

namespace Emergence.Tests.Pythia;

/// <summary>Broken model folders give one clear error naming the file and the problem.</summary>
public sealed class BadInputTests
{
    private static CheckpointFormatException LoadFails(string folder) =>
        Assert.Throws<CheckpointFormatException>(() => NeoXWeights.Load(new ModelFolder(folder)).Dispose());

    [Fact]
    public void Folder_without_weights()
    {
        using var temp = new TempDirectory();
        var dir = TinyNeoX.CopyTo(temp.Combine("m"), "model.safetensors", "pytorch_model.bin");
        var e = LoadFails(dir);
        Assert.Contains("no weights found", e.Message);
        Assert.Contains(dir, e.Message);
    }

    [Theory]
    [InlineData(4, "too short for a safetensors header")]
    [InlineData(1000, "does not fit in the file")]
    [InlineData(3_000_000, "truncated")]
    public void Truncated_safetensors(int keep, string problem)
    {
        using var temp = new TempDirectory();
        var dir = TinyNeoX.CopyTo(temp.Combine("m"), "pytorch_model.bin");
        var path = Path.Combine(dir, "model.safetensors");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..keep]);
        var e = LoadFails(dir);
        Assert.Contains(path, e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Corrupt_safetensors_header()
    {
        using var temp = new TempDirectory();
        var dir = TinyNeoX.CopyTo(temp.Combine("m"), "pytorch_model.bin");
        var path = Path.Combine(dir, "model.safetensors");
        var bytes = File.ReadAllBytes(path);
        bytes[8] = (byte)'#'; // first byte of the JSON header
        File.WriteAllBytes(path, bytes);
        Assert.Contains("header is not valid JSON", LoadFails(dir).Message);
        BitConverter.GetBytes(ulong.MaxValue / 3).CopyTo(bytes, 0);
        File.WriteAllBytes(path, bytes);
        Assert.Contains("implausible", LoadFails(dir).Message);
    }

    [Fact]
    public void Truncated_pytorch_bin()
    {
        using var temp = new TempDirectory();
        var dir = TinyNeoX.CopyTo(temp.Combine("m"), "model.safetensors");
        var path = Path.Combine(dir, "pytorch_model.bin");
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..100_000]);
        var e = LoadFails(dir);
        Assert.Contains(path, e.Message);
        Assert.Contains("zip", e.Message);
    }

    [Theory]
    [InlineData("\"model_type\": \"gpt_neox\"", "\"model_type\": \"llama\"", "unsupported model_type 'llama'")]
    [InlineData("\"rope_scaling\": null", "\"rope_scaling\": {\"type\": \"linear\", \"factor\": 2.0}", "rope_scaling")]
    [InlineData("\"hidden_act\": \"gelu\"", "\"hidden_act\": \"relu\"", "hidden_act 'relu'")]
    [InlineData("\"hidden_size\": 32", "\"hidden_size\": 48", "has shape [50304, 32], expected [50304, 48]")]
    [InlineData("\"num_hidden_layers\": 2", "\"num_hidden_layers\": 3", "missing from the weights: gpt_neox.layers.2.")]
    [InlineData("\"num_hidden_layers\": 2", "\"num_hidden_layers\": 1", "unexpected tensor 'gpt_neox.layers.1.")]
    public void Unsupported_or_mismatched_config(string from, string to, string problem)
    {
        using var temp = new TempDirectory();
        var dir = TinyNeoX.CopyTo(temp.Combine("m"), "pytorch_model.bin");
        var config = Path.Combine(dir, "config.json");
        var text = File.ReadAllText(config);
        Assert.Contains(from, text);
        File.WriteAllText(config, text.Replace(from, to));
        Assert.Contains(problem, LoadFails(dir).Message);
    }

    [Fact]
    public void Missing_parameter_is_named()
    {
        using var temp = new TempDirectory();
        var dir = TinyNeoX.CopyTo(temp.Combine("m"), "pytorch_model.bin", "model.safetensors");
        using (var source = SafetensorsFile.Open(Path.Combine(TinyNeoX.Folder, "model.safetensors")))
        {
            var kept = source.Tensors.Where(t => t.Name != "gpt_neox.layers.1.mlp.dense_4h_to_h.bias").Select(t => (t.Name, source.Read(t, null))).ToList();
            SafetensorsWriter.Write(Path.Combine(dir, "model.safetensors"), kept);
            foreach (var (_, t) in kept) t.Dispose();
        }
        Assert.Contains("missing from the weights: gpt_neox.layers.1.mlp.dense_4h_to_h.bias", LoadFails(dir).Message);
    }

    [Fact]
    public void Tokenizer_of_another_type()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("tokenizer.json");
        File.WriteAllText(path, """{"version": "1.0", "model": {"type": "WordPiece", "vocab": {"[UNK]": 0}}, "pre_tokenizer": {"type": "BertPreTokenizer"}}""");
        var e = Assert.Throws<CheckpointFormatException>(() => PythiaTokenizer.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("model type 'WordPiece' is not supported", e.Message);
        File.WriteAllText(path, "{\"vocab\": ");
        Assert.Contains("not valid JSON", Assert.Throws<CheckpointFormatException>(() => PythiaTokenizer.Load(path)).Message);
    }

    [Fact]
    public void Cli_reports_bad_input_in_one_line_with_exit_code_2()
    {
        using var temp = new TempDirectory();
        var dir = TinyNeoX.CopyTo(temp.Combine("m"), "model.safetensors", "pytorch_model.bin");
        var (code, stderr) = PythiaCli.Run("--model-dir", dir, "--out", temp.Combine("run"));
        Assert.Equal(CliErrors.BadInput, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line);
        Assert.Contains("no weights found", line);
    }
}
