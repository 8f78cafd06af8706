using Emergence.Tasks;

namespace Emergence.Models;

/// <summary>
/// Size of a GPT-2 style decoder (PROTOCOL §2): pre-norm, GELU, learned positions, tied
/// embeddings, no dropout, d_ff = 4 d_model.
/// </summary>
public sealed record GptConfig(string Name, int Layers, int DModel, int Heads, int Context = 48, int VocabSize = Vocabulary.Size)
{
    /// <summary>Width of the MLP's hidden layer, 4 d_model.</summary>
    public int DFeedForward => 4 * DModel;
    /// <summary>Width of one attention head, d_model / heads.</summary>
    public int HeadDim => DModel / Heads;

    /// <summary>The named sizes nano, micro, small, medium, large and xlarge.</summary>
    public static IReadOnlyList<GptConfig> Presets { get; } =
    [
        new("nano", 2, 128, 4),
        new("micro", 4, 192, 6),
        new("small", 6, 320, 8),
        new("medium", 8, 512, 8),
        new("large", 12, 768, 12),
        new("xlarge", 12, 1024, 16),
    ];

    /// <summary>Parameter counts the paper reports, for comparison.</summary>
    public static IReadOnlyDictionary<string, long> PaperParameterCounts { get; } = new Dictionary<string, long>
    {
        ["nano"] = 405_000, ["micro"] = 1_800_000, ["small"] = 7_400_000, ["medium"] = 25_200_000, ["large"] = 85_000_000,
    };

    /// <summary>The preset of that name (case-insensitive); throws <see cref="ArgumentException"/> naming the allowed ones.</summary>
    public static GptConfig Preset(string name) =>
        Presets.FirstOrDefault(p => p.Name == name.Trim().ToLowerInvariant())
        ?? throw new ArgumentException($"Unknown model '{name}' (allowed: {string.Join(", ", Presets.Select(p => p.Name))}, or custom:LAYERSxDMODELxHEADS).");

    /// <summary>A preset name, or "custom:LxDxH" (e.g. custom:3x96x4).</summary>
    public static GptConfig Parse(string text)
    {
        if (!text.StartsWith("custom:", StringComparison.OrdinalIgnoreCase)) return Preset(text);
        var parts = text["custom:".Length..].Split('x');
        if (parts.Length != 3 || !parts.All(p => int.TryParse(p, out var v) && v > 0))
            throw new ArgumentException($"Bad custom model '{text}' (expected custom:LAYERSxDMODELxHEADS with positive integers, e.g. custom:3x96x4).");
        var (l, d, h) = (int.Parse(parts[0]), int.Parse(parts[1]), int.Parse(parts[2]));
        if (d % h != 0) throw new ArgumentException($"Bad custom model '{text}': d_model {d} is not divisible by heads {h}.");
        return new GptConfig(text.ToLowerInvariant(), l, d, h);
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad size and what is allowed.</summary>
    public GptConfig Validate()
    {
        if (Layers < 1 || DModel < 1 || Heads < 1 || Context < 1)
            throw new ArgumentException($"Model '{Name}': layers, d_model, heads and context must be positive (got {Layers}, {DModel}, {Heads}, {Context}).");
        if (DModel % Heads != 0) throw new ArgumentException($"Model '{Name}': d_model {DModel} is not divisible by heads {Heads}.");
        if (VocabSize < Vocabulary.Size) throw new ArgumentException($"Model '{Name}': vocabulary size must be at least {Vocabulary.Size}, the tasks' (got {VocabSize}).");
        return this;
    }

    /// <summary>Exact parameter count (embeddings counted once: the output layer is tied).</summary>
    public long ParameterCount()
    {
        long d = DModel;
        long perBlock = 2 * 2 * d            // two LayerNorms
            + 3 * d * d + 3 * d              // qkv
            + d * d + d                      // attention output
            + d * DFeedForward + DFeedForward // mlp in
            + DFeedForward * d + d;          // mlp out
        return VocabSize * d + Context * d + Layers * perBlock + 2 * d;
    }

    /// <summary>
    /// Forward FLOPs per token at sequence length <paramref name="t"/>: 2 per multiply-add of
    /// every matmul, attention included (scores and values over all t positions, as computed),
    /// and the tied output projection. Training costs 3x this (forward + backward).
    /// </summary>
    public double ForwardFlopsPerToken(int t)
    {
        double d = DModel;
        double perLayer = 2 * (3 * d * d + d * d + 2 * d * DFeedForward) + 2 * 2 * t * d;
        return Layers * perLayer + 2 * d * VocabSize;
    }
}
