using Emergence.Models;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Emergence.Pythia;

/// <summary>Output of one forward pass over a single sequence of T tokens.</summary>
/// <param name="Logits">[T, vocab].</param>
/// <param name="HiddenStates">L + 1 tensors [T, hidden]: index 0 = embedding output, l = residual stream after layer l
/// (the last one before the final LayerNorm), or empty when not requested.</param>
/// <param name="FinalNorm">final_layer_norm(h_L) [T, hidden], what the output matrix multiplies.</param>
internal sealed record NeoXOutput(Tensor Logits, IReadOnlyList<Tensor> HiddenStates, Tensor FinalNorm);

/// <summary>
/// GPT-NeoX (the Pythia architecture) forward pass, attention written out. With
/// x₀ = embed_in[ids] and for each layer l:
/// <code>
///   a = dense(attn(LN₁(x)))          attention on the pre-norm input
///   m = W_out gelu(W_in LN₂(·) + b_in) + b_out   exact (erf) GELU
///   parallel:   x ← x + a + m(LN₂(x))
///   sequential: x ← x + a;  x ← x + m(LN₂(x))
/// </code>
/// attn: query_key_value gives [T, 3·hidden] viewed as [T, heads, 3·head_dim] and split per head
/// into q | k | v; rotary on the first rotary_ndims dims of q and k (<see cref="Rotary"/>);
/// softmax(q kᵀ / √head_dim + causal mask) v; heads concatenated head-major. Output:
/// logits = embed_out · final_layer_norm(x_L) (no bias). LayerNorms use the biased variance and
/// layer_norm_eps. Callers own the returned tensors (use a dispose scope per call).
/// </summary>
internal sealed class NeoXModel(NeoXWeights weights)
{
    public NeoXWeights Weights { get; } = weights;
    public NeoXConfig Config => Weights.Config;

    public NeoXOutput Forward(IReadOnlyList<int> ids, bool hiddenStates = true)
    {
        var c = Config;
        if (ids.Count == 0) throw new ArgumentException("Cannot run the model on an empty sequence.");
        foreach (var id in ids)
            if (id < 0 || id >= c.VocabSize) throw new ArgumentException($"Token id {id} is outside the vocabulary of {c.VocabSize}.");
        int T = ids.Count;
        using var input = tensor(ids.Select(i => (long)i).ToArray(), ScalarType.Int64);
        var x = Weights.EmbedIn.index_select(0, input);                 // [T, h]
        var states = new List<Tensor>();
        if (hiddenStates) states.Add(x);
        var (cos, sin) = Rotary.Tables(T, c.RotaryDims, c.RotaryBase, Weights.ComputeType);
        using var mask = ones(T, T, dtype: ScalarType.Bool).triu(1);   // true above the diagonal = future
        long[] norm = [c.HiddenSize];
        foreach (var w in Weights.Layers)
        {
            var attnIn = F.layer_norm(x, norm, w.Ln1Weight, w.Ln1Bias, c.LayerNormEps);
            var a = Attention(attnIn, w, cos, sin, mask);
            if (c.UseParallelResidual)
            {
                var m = Mlp(F.layer_norm(x, norm, w.Ln2Weight, w.Ln2Bias, c.LayerNormEps), w);
                x = x.Plus(a).Plus(m);
            }
            else
            {
                var h = x.Plus(a);
                x = h.Plus(Mlp(F.layer_norm(h, norm, w.Ln2Weight, w.Ln2Bias, c.LayerNormEps), w));
            }
            if (hiddenStates) states.Add(x);
        }
        var final = F.layer_norm(x, norm, Weights.FinalNormWeight, Weights.FinalNormBias, c.LayerNormEps);
        var logits = F.linear(final, Weights.EmbedOut);
        return new NeoXOutput(logits, states, final);
    }

    private Tensor Attention(Tensor x, NeoXLayerWeights w, Tensor cos, Tensor sin, Tensor mask)
    {
        var c = Config;
        long T = x.shape[0];
        int heads = c.NumHeads, d = c.HeadDim;
        var qkv = F.linear(x, w.QkvWeight, w.QkvBias).view(T, heads, 3 * d).transpose(0, 1); // [H, T, 3d]
        var q = Rotary.Apply(qkv.narrow(-1, 0, d), cos, sin, c.RotaryDims);
        var k = Rotary.Apply(qkv.narrow(-1, d, d), cos, sin, c.RotaryDims);
        var v = qkv.narrow(-1, 2 * d, d);
        using var rootHeadDim = Math.Sqrt(d).ToScalar();
        var scores = matmul(q, k.transpose(-1, -2)).div(rootHeadDim);                       // [H, T, T]
        scores = scores.masked_fill(mask, HeldScalars.NegativeInfinity);
        var context = matmul(F.softmax(scores, -1), v);                                     // [H, T, d]
        var merged = context.transpose(0, 1).reshape(T, c.HiddenSize);                      // head-major
        return F.linear(merged, w.DenseWeight, w.DenseBias);
    }

    private static Tensor Mlp(Tensor x, NeoXLayerWeights w) =>
        F.linear(F.gelu(F.linear(x, w.FcInWeight, w.FcInBias)), w.FcOutWeight, w.FcOutBias);
}
