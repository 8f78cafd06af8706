using System.Text.Json;

namespace Emergence.Pythia;

/// <summary>
/// A Hugging Face model folder: <c>config.json</c>, weights in <c>model.safetensors</c> or
/// <c>pytorch_model.bin</c>, or sharded as listed in <c>model.safetensors.index.json</c> /
/// <c>pytorch_model.bin.index.json</c> (<c>weight_map: {tensor name: shard file}</c>), and
/// <c>tokenizer.json</c>. Safetensors is preferred when both kinds are present.
/// </summary>
internal sealed class ModelFolder
{
    public string Path { get; }
    public string ConfigPath => System.IO.Path.Combine(Path, "config.json");
    public string TokenizerPath => System.IO.Path.Combine(Path, "tokenizer.json");

    /// <summary>The weight files, in a fixed order.</summary>
    public IReadOnlyList<string> WeightFiles { get; }

    public ModelFolder(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(Path)) throw new CheckpointFormatException($"{Path}: model folder does not exist.");
        WeightFiles = FindWeights(Path);
    }

    public bool HasTokenizer => File.Exists(TokenizerPath);

    private static IReadOnlyList<string> FindWeights(string dir)
    {
        foreach (var (single, index) in new[] { ("model.safetensors", "model.safetensors.index.json"), ("pytorch_model.bin", "pytorch_model.bin.index.json") })
        {
            var singlePath = System.IO.Path.Combine(dir, single);
            if (File.Exists(singlePath)) return [singlePath];
            var indexPath = System.IO.Path.Combine(dir, index);
            if (File.Exists(indexPath)) return Shards(indexPath, dir);
        }
        throw new CheckpointFormatException(
            $"{dir}: no weights found (expected model.safetensors, pytorch_model.bin, or a sharded model.safetensors.index.json / pytorch_model.bin.index.json).");
    }

    private static IReadOnlyList<string> Shards(string indexPath, string dir)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(indexPath));
            if (!doc.RootElement.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
                throw new CheckpointFormatException($"{indexPath}: no weight_map object.");
            var files = map.EnumerateObject().Select(p => p.Value.GetString() ?? "").Distinct().Order(StringComparer.Ordinal).ToList();
            if (files.Count == 0) throw new CheckpointFormatException($"{indexPath}: weight_map is empty.");
            var paths = new List<string>();
            foreach (var f in files)
            {
                if (f.Length == 0 || f.Contains('/') || f.Contains('\\') || f.Contains(".."))
                    throw new CheckpointFormatException($"{indexPath}: invalid shard name '{f}'.");
                var p = System.IO.Path.Combine(dir, f);
                if (!File.Exists(p)) throw new CheckpointFormatException($"{indexPath}: shard '{f}' is missing.");
                paths.Add(p);
            }
            return paths;
        }
        catch (JsonException e)
        {
            throw new CheckpointFormatException($"{indexPath}: not valid JSON ({e.Message}).", e);
        }
    }

    /// <summary>Opens a weight file by its extension.</summary>
    public static WeightFile OpenWeights(string path) =>
        path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) ? SafetensorsFile.Open(path) : TorchZipFile.Open(path);
}
