using System.Globalization;
using static TorchSharp.torch;

namespace Emergence.Pythia.Global;

/// <summary>One parameter tensor of a GPT-NeoX, its Hugging Face name and its layer group.</summary>
/// <param name="Name">Its Hugging Face name.</param>
/// <param name="Group">0 = embed_in, l = block l (1..L), L + 1 = the head (final_layer_norm and embed_out).</param>
/// <param name="Tensor">The parameter itself.</param>
internal sealed record NeoXParameter(string Name, int Group, Tensor Tensor);

/// <summary>
/// The parameters of a loaded GPT-NeoX in Hugging Face order, grouped by layer as the store's
/// <c>layer</c> column numbers them (0 = embedding, l = block l), with the head as L + 1. With tied
/// embeddings the shared matrix is listed once (group 0). Selections (<c>--curvature-layers</c>):
/// <c>all</c>, or comma-separated groups 0..L+1.
/// </summary>
internal static class NeoXParameters
{
    public static IReadOnlyList<NeoXParameter> All(NeoXWeights w)
    {
        var list = new List<NeoXParameter> { new("gpt_neox.embed_in.weight", 0, w.EmbedIn) };
        for (int l = 0; l < w.Layers.Count; l++)
        {
            var x = w.Layers[l];
            var p = $"gpt_neox.layers.{l}.";
            void Add(string name, Tensor? t) { if (t is not null) list.Add(new(p + name, l + 1, t)); }
            Add("input_layernorm.weight", x.Ln1Weight);
            Add("input_layernorm.bias", x.Ln1Bias);
            Add("post_attention_layernorm.weight", x.Ln2Weight);
            Add("post_attention_layernorm.bias", x.Ln2Bias);
            Add("attention.query_key_value.weight", x.QkvWeight);
            Add("attention.query_key_value.bias", x.QkvBias);
            Add("attention.dense.weight", x.DenseWeight);
            Add("attention.dense.bias", x.DenseBias);
            Add("mlp.dense_h_to_4h.weight", x.FcInWeight);
            Add("mlp.dense_h_to_4h.bias", x.FcInBias);
            Add("mlp.dense_4h_to_h.weight", x.FcOutWeight);
            Add("mlp.dense_4h_to_h.bias", x.FcOutBias);
        }
        int head = w.Layers.Count + 1;
        list.Add(new("gpt_neox.final_layer_norm.weight", head, w.FinalNormWeight));
        list.Add(new("gpt_neox.final_layer_norm.bias", head, w.FinalNormBias));
        if (!ReferenceEquals(w.EmbedOut, w.EmbedIn)) list.Add(new("embed_out.weight", head, w.EmbedOut));
        return list;
    }

    /// <summary>The tensors of the selected groups (all when <paramref name="groups"/> is null).</summary>
    public static IReadOnlyList<Tensor> Select(NeoXWeights w, IReadOnlySet<int>? groups) =>
        [.. All(w).Where(p => groups is null || groups.Contains(p.Group)).Select(p => p.Tensor)];

    /// <summary>Parses "all" (null) or "1,2": each a group in 0..<paramref name="layers"/> + 1.</summary>
    public static IReadOnlySet<int>? ParseGroups(string? text, int layers)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Equals("all", StringComparison.OrdinalIgnoreCase)) return null;
        var groups = new HashSet<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var g) || g > layers + 1)
                throw new ArgumentException($"--curvature-layers: '{part}' is not a layer group (allowed: all, or 0 = embed_in, 1..{layers} = blocks, {layers + 1} = final LayerNorm and embed_out).");
            groups.Add(g);
        }
        if (groups.Count == 0) throw new ArgumentException("--curvature-layers: no layer group given (allowed: all, or comma-separated groups).");
        return groups;
    }

    /// <summary>Makes the tensors require gradients until disposed (the weights are plain tensors otherwise).</summary>
    public static IDisposable RequireGradients(IReadOnlyList<Tensor> tensors)
    {
        foreach (var t in tensors) t.requires_grad_(true);
        return new Release(tensors);
    }

    private sealed class Release(IReadOnlyList<Tensor> tensors) : IDisposable
    {
        public void Dispose()
        {
            foreach (var t in tensors) t.requires_grad_(false);
        }
    }
}
