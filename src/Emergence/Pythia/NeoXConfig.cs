using System.Globalization;
using System.Text.Json;

namespace Emergence.Pythia;

/// <summary>
/// The parts of a Hugging Face <c>GPTNeoXConfig</c> (config.json) that the forward pass needs.
/// Both spellings of the rotary settings are accepted: the old <c>rotary_pct</c> /
/// <c>rotary_emb_base</c> that Pythia ships and the newer <c>partial_rotary_factor</c> /
/// <c>rope_theta</c> (also inside <c>rope_parameters</c>).
/// <para>
/// head_dim = hidden_size / num_attention_heads; rotary_ndims = floor(head_dim * rotary_pct)
/// (Pythia: 25 % of each head).
/// </para>
/// </summary>
internal sealed record NeoXConfig(
    int VocabSize,
    int HiddenSize,
    int NumLayers,
    int NumHeads,
    int IntermediateSize,
    double RotaryPct,
    double RotaryBase,
    double LayerNormEps,
    bool UseParallelResidual,
    bool TieWordEmbeddings,
    bool AttentionBias,
    int MaxPositionEmbeddings)
{
    public int HeadDim => HiddenSize / NumHeads;
    public int RotaryDims => (int)(HeadDim * RotaryPct);

    /// <summary>Number of parameters (embedding, blocks, final LayerNorm, output matrix unless tied).</summary>
    public long ParameterCount
    {
        get
        {
            long h = HiddenSize, i = IntermediateSize, bias = AttentionBias ? 1 : 0;
            long block = 4 * h + (3 * h * h + 3 * h * bias) + (h * h + h * bias) + (h * i + i) + (i * h + h);
            return (long)VocabSize * h * (TieWordEmbeddings ? 1 : 2) + NumLayers * block + 2 * h;
        }
    }

    public static NeoXConfig Load(string path) => JsonFile.Read(path, "config.json", root => Parse(root, path));

    public static NeoXConfig Parse(JsonElement root, string path)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new CheckpointFormatException($"{path}: expected a JSON object.");
        string? modelType = root.TryGetProperty("model_type", out var mt) && mt.ValueKind == JsonValueKind.String ? mt.GetString() : null;
        if (modelType != "gpt_neox")
            throw new CheckpointFormatException($"{path}: unsupported model_type '{modelType ?? "(none)"}'; only 'gpt_neox' (Pythia) is supported.");

        JsonElement? ropeParams = root.TryGetProperty("rope_parameters", out var rp) && rp.ValueKind == JsonValueKind.Object ? rp : null;
        if (root.TryGetProperty("rope_scaling", out var rs) && rs.ValueKind != JsonValueKind.Null)
            throw new CheckpointFormatException($"{path}: rope_scaling is set; scaled rotary embeddings are not supported.");
        if (ropeParams is { } rpe && rpe.TryGetProperty("rope_type", out var rt) && rt.GetString() is { } type && type != "default")
            throw new CheckpointFormatException($"{path}: rope_parameters.rope_type '{type}' is not supported (only 'default').");

        string act = String(root, "hidden_act", path) ?? "gelu";
        if (act != "gelu")
            throw new CheckpointFormatException($"{path}: unsupported hidden_act '{act}'; only exact 'gelu' is supported.");

        var config = new NeoXConfig(
            VocabSize: Int(root, "vocab_size", path),
            HiddenSize: Int(root, "hidden_size", path),
            NumLayers: Int(root, "num_hidden_layers", path),
            NumHeads: Int(root, "num_attention_heads", path),
            IntermediateSize: Int(root, "intermediate_size", path),
            RotaryPct: Double(root, path, 1.0, ("rotary_pct", root), ("partial_rotary_factor", root), ("partial_rotary_factor", ropeParams)),
            RotaryBase: Double(root, path, 10000.0, ("rotary_emb_base", root), ("rope_theta", root), ("rope_theta", ropeParams)),
            LayerNormEps: Double(root, path, 1e-5, ("layer_norm_eps", root)),
            UseParallelResidual: Bool(root, "use_parallel_residual", true, path),
            TieWordEmbeddings: Bool(root, "tie_word_embeddings", false, path),
            AttentionBias: Bool(root, "attention_bias", true, path),
            MaxPositionEmbeddings: root.TryGetProperty("max_position_embeddings", out _) ? Int(root, "max_position_embeddings", path) : 2048);
        config.Validate(path);
        return config;
    }

    private void Validate(string path)
    {
        void Require(bool ok, string what)
        {
            if (!ok) throw new CheckpointFormatException($"{path}: unsupported config: {what}.");
        }
        Require(VocabSize > 0 && HiddenSize > 0 && NumLayers > 0 && NumHeads > 0 && IntermediateSize > 0,
            "vocab_size, hidden_size, num_hidden_layers, num_attention_heads and intermediate_size must be positive");
        Require(HiddenSize % NumHeads == 0, $"hidden_size {HiddenSize} is not a multiple of num_attention_heads {NumHeads}");
        Require(RotaryPct is >= 0 and <= 1, $"rotary fraction {RotaryPct} is outside [0, 1]");
        Require(RotaryDims % 2 == 0, $"rotary dims {RotaryDims} (head_dim {HeadDim} x {RotaryPct}) must be even");
        Require(RotaryBase > 0, $"rotary base {RotaryBase} must be positive");
        Require(LayerNormEps > 0, $"layer_norm_eps {LayerNormEps} must be positive");
    }

    private static string? String(JsonElement root, string name, string path) =>
        !root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString()
        : throw new CheckpointFormatException($"{path}: '{name}' must be a string.");

    private static int Int(JsonElement root, string name, string path)
    {
        if (!root.TryGetProperty(name, out var v)) throw new CheckpointFormatException($"{path}: '{name}' is missing.");
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out int value))
            throw new CheckpointFormatException($"{path}: '{name}' must be an integer (got {v.GetRawText()}).");
        return value;
    }

    private static bool Bool(JsonElement root, string name, bool fallback, string path) =>
        !root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null ? fallback
        : v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean()
        : throw new CheckpointFormatException($"{path}: '{name}' must be true or false.");

    /// <summary>The first of the given keys present (in order) wins.</summary>
    private static double Double(JsonElement root, string path, double fallback, params (string Name, JsonElement? In)[] keys)
    {
        foreach (var (name, source) in keys)
        {
            if (source is not { } obj || !obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) continue;
            if (v.ValueKind != JsonValueKind.Number)
                throw new CheckpointFormatException($"{path}: '{name}' must be a number (got {v.GetRawText()}).");
            return v.GetDouble();
        }
        _ = root;
        return fallback;
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"gpt_neox {NumLayers} layers x {HiddenSize} ({NumHeads} heads, rotary {RotaryDims}/{HeadDim}, base {RotaryBase}), " +
        $"vocab {VocabSize}, {(UseParallelResidual ? "parallel" : "sequential")} residual, {ParameterCount:N0} parameters");
}
