using System.Security.Cryptography;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Pythia;

/// <summary>Parameters of one GPT-NeoX layer (HF names under <c>gpt_neox.layers.{i}.</c>), nn.Linear layout [out, in].</summary>
internal sealed record NeoXLayerWeights(
    Tensor Ln1Weight, Tensor Ln1Bias, Tensor Ln2Weight, Tensor Ln2Bias,
    Tensor QkvWeight, Tensor? QkvBias, Tensor DenseWeight, Tensor? DenseBias,
    Tensor FcInWeight, Tensor FcInBias, Tensor FcOutWeight, Tensor FcOutBias);

/// <summary>
/// All parameters of a GPT-NeoX model in the compute element type, with a SHA-256 digest of
/// each stored tensor's raw bytes (to find identical checkpoints).
/// <para>
/// Loading reads one stored tensor at a time straight into native memory, converts it to the
/// compute type and releases the stored copy, so the peak is the converted model plus one
/// stored tensor. Buffers that old checkpoints carry (<c>attention.bias</c>,
/// <c>attention.masked_bias</c>, <c>rotary_emb.inv_freq</c>) are skipped; any other unknown
/// name, a missing parameter, a wrong shape or a NaN or infinite weight is an error naming
/// the tensor and file.
/// </para>
/// </summary>
internal sealed class NeoXWeights : IDisposable
{
    public required NeoXConfig Config { get; init; }
    public required Tensor EmbedIn { get; init; }
    public required IReadOnlyList<NeoXLayerWeights> Layers { get; init; }
    public required Tensor FinalNormWeight { get; init; }
    public required Tensor FinalNormBias { get; init; }
    /// <summary>Output matrix [vocab, hidden]; the same tensor as <see cref="EmbedIn"/> when tied.</summary>
    public required Tensor EmbedOut { get; init; }
    /// <summary>SHA-256 (hex) of each stored tensor's bytes, by name.</summary>
    public required IReadOnlyDictionary<string, string> TensorHashes { get; init; }
    /// <summary>SHA-256 (hex) over the sorted names and digests of all stored parameters.</summary>
    public required string ModelHash { get; init; }
    public required IReadOnlyDictionary<string, ScalarType> StoredTypes { get; init; }
    private List<Tensor> _owned = [];

    public static bool IsIgnoredBuffer(string name) =>
        name.EndsWith(".attention.bias", StringComparison.Ordinal) || name.EndsWith(".attention.masked_bias", StringComparison.Ordinal) ||
        name.EndsWith("rotary_emb.inv_freq", StringComparison.Ordinal);

    /// <summary>The expected parameter names and shapes for a config.</summary>
    public static IReadOnlyDictionary<string, long[]> ExpectedShapes(NeoXConfig c)
    {
        long h = c.HiddenSize, i = c.IntermediateSize, v = c.VocabSize;
        var shapes = new Dictionary<string, long[]> { ["gpt_neox.embed_in.weight"] = [v, h] };
        for (int l = 0; l < c.NumLayers; l++)
        {
            var p = $"gpt_neox.layers.{l}.";
            shapes[p + "input_layernorm.weight"] = [h];
            shapes[p + "input_layernorm.bias"] = [h];
            shapes[p + "post_attention_layernorm.weight"] = [h];
            shapes[p + "post_attention_layernorm.bias"] = [h];
            shapes[p + "attention.query_key_value.weight"] = [3 * h, h];
            shapes[p + "attention.dense.weight"] = [h, h];
            if (c.AttentionBias)
            {
                shapes[p + "attention.query_key_value.bias"] = [3 * h];
                shapes[p + "attention.dense.bias"] = [h];
            }
            shapes[p + "mlp.dense_h_to_4h.weight"] = [i, h];
            shapes[p + "mlp.dense_h_to_4h.bias"] = [i];
            shapes[p + "mlp.dense_4h_to_h.weight"] = [h, i];
            shapes[p + "mlp.dense_4h_to_h.bias"] = [h];
        }
        shapes["gpt_neox.final_layer_norm.weight"] = [h];
        shapes["gpt_neox.final_layer_norm.bias"] = [h];
        if (!c.TieWordEmbeddings) shapes["embed_out.weight"] = [v, h];
        return shapes;
    }

    /// <summary>Loads config and weights of a model folder, converting to <paramref name="computeType"/> (float32 by default).</summary>
    public static NeoXWeights Load(ModelFolder folder, ScalarType computeType = ScalarType.Float32)
    {
        if (computeType is not (ScalarType.Float32 or ScalarType.Float64 or ScalarType.BFloat16 or ScalarType.Float16))
            throw new ArgumentException($"Compute type {computeType} is not a floating-point type.");
        var config = NeoXConfig.Load(folder.ConfigPath);
        var expected = ExpectedShapes(config);
        var loaded = new Dictionary<string, Tensor>();
        var hashes = new Dictionary<string, string>();
        var types = new Dictionary<string, ScalarType>();
        try
        {
            foreach (var path in folder.WeightFiles)
            {
                using var file = ModelFolder.OpenWeights(path);
                // Check every name and shape before reading anything.
                foreach (var t in file.Tensors)
                {
                    if (IsIgnoredBuffer(t.Name)) continue;
                    if (!expected.TryGetValue(t.Name, out var shape))
                        throw new CheckpointFormatException($"{path}: unexpected tensor '{t.Name}' for a GPT-NeoX with {config.NumLayers} layers{(config.TieWordEmbeddings ? " and tied embeddings" : "")}.");
                    if (!shape.SequenceEqual(t.Shape))
                        throw new CheckpointFormatException($"{path}: tensor '{t.Name}' has shape [{string.Join(", ", t.Shape)}], expected [{string.Join(", ", shape)}] from config.json.");
                    if (t.DType is not (ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Float32 or ScalarType.Float64))
                        throw new CheckpointFormatException($"{path}: tensor '{t.Name}' has element type {t.DType}; F16, BF16, F32 or F64 expected.");
                    if (loaded.ContainsKey(t.Name) || hashes.ContainsKey(t.Name))
                        throw new CheckpointFormatException($"{path}: tensor '{t.Name}' appears twice.");
                }
                foreach (var t in file.Tensors)
                {
                    if (IsIgnoredBuffer(t.Name)) continue;
                    using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                    var stored = file.Read(t, hash);
                    if (stored.dtype == computeType) loaded[t.Name] = stored;
                    else
                    {
                        using (stored) loaded[t.Name] = stored.to_type(computeType);
                    }
                    if (Models.FiniteWeights.Problem(t.Name, loaded[t.Name]) is { } problem)
                        throw new CheckpointFormatException($"{path}: {problem}.");
                    hashes[t.Name] = Convert.ToHexStringLower(hash.GetHashAndReset());
                    types[t.Name] = t.DType;
                }
            }
            var missing = expected.Keys.Where(k => !loaded.ContainsKey(k)).ToList();
            if (missing.Count > 0)
                throw new CheckpointFormatException($"{folder.Path}: parameter{(missing.Count > 1 ? "s" : "")} missing from the weights: {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? $" and {missing.Count - 5} more" : "")}.");
        }
        catch
        {
            foreach (var t in loaded.Values) t.Dispose();
            throw;
        }

        Tensor T(string name) => loaded[name];
        Tensor? Opt(string name) => loaded.GetValueOrDefault(name);
        var layers = Enumerable.Range(0, config.NumLayers).Select(l =>
        {
            var p = $"gpt_neox.layers.{l}.";
            return new NeoXLayerWeights(
                T(p + "input_layernorm.weight"), T(p + "input_layernorm.bias"),
                T(p + "post_attention_layernorm.weight"), T(p + "post_attention_layernorm.bias"),
                T(p + "attention.query_key_value.weight"), Opt(p + "attention.query_key_value.bias"),
                T(p + "attention.dense.weight"), Opt(p + "attention.dense.bias"),
                T(p + "mlp.dense_h_to_4h.weight"), T(p + "mlp.dense_h_to_4h.bias"),
                T(p + "mlp.dense_4h_to_h.weight"), T(p + "mlp.dense_4h_to_h.bias"));
        }).ToList();
        var combined = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, digest) in hashes.OrderBy(p => p.Key, StringComparer.Ordinal))
            combined.AppendData(System.Text.Encoding.UTF8.GetBytes(name + "\0" + digest + "\n"));
        return new NeoXWeights
        {
            Config = config,
            EmbedIn = T("gpt_neox.embed_in.weight"),
            Layers = layers,
            FinalNormWeight = T("gpt_neox.final_layer_norm.weight"),
            FinalNormBias = T("gpt_neox.final_layer_norm.bias"),
            EmbedOut = config.TieWordEmbeddings ? T("gpt_neox.embed_in.weight") : T("embed_out.weight"),
            TensorHashes = hashes,
            ModelHash = Convert.ToHexStringLower(combined.GetHashAndReset()),
            StoredTypes = types,
            _owned = [.. loaded.Values],
        };
    }

    public ScalarType ComputeType => EmbedIn.dtype;

    public void Dispose()
    {
        foreach (var t in _owned) t.Dispose();
        _owned.Clear();
    }
}
