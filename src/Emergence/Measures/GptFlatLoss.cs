using Emergence.Models;
using Emergence.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Measures;

/// <summary>
/// The training loss of a <see cref="Gpt"/> (<see cref="AnswerLoss"/>: mean cross-entropy over the
/// scored tokens) as a function of one flat parameter vector w (the model's parameters
/// concatenated in <c>parameters()</c> order), computing only what that loss needs:
/// <list type="bullet">
/// <item>position-wise layers (LayerNorm, Linear, GELU, embeddings) run on the real tokens only,
/// not on the padding of a batch padded to its longest example; attention (libtorch's fused causal
/// scaled dot-product attention, softmax(q k^T / sqrt(head dim)) v) runs on the padded
/// [batch, heads, T] layout, where with right padding and the causal mask no real position sees a
/// padded one;</item>
/// <item>the last block's attention output, MLP, the final LayerNorm and the tied output layer run
/// on the scored positions only (every position's keys and values are still computed).</item>
/// </list>
/// The value is the same function of w as Gpt's forward followed by AnswerLoss (tested: equal
/// loss and gradient to float32 tolerance). The gradient with respect to w is one flat tensor
/// (<see cref="FlatParameterLayout"/>). <see cref="GptChainsFlatLoss"/> computes it for C vectors at once.
/// </summary>
public sealed class GptFlatLoss
{
    private readonly GptConfig _config;
    private readonly FlatParameterLayout _layout;

    /// <summary>The loss of the model as a function of one flat parameter vector (shapes and names taken from the model).</summary>
    public GptFlatLoss(Gpt model)
    {
        _config = model.Config;
        _layout = new FlatParameterLayout(model);
    }

    /// <summary>The model's current parameters as one flat float32 vector (a copy).</summary>
    public static Tensor Flatten(Gpt model)
    {
        using var _ = torch.no_grad();
        return ParameterVectors.Flatten(model.parameters().Select(p => p.detach()), ScalarType.Float32);
    }

    /// <summary>Mean cross-entropy over the scored tokens of <paramref name="batch"/> at parameters <paramref name="w"/>.</summary>
    public Tensor Loss(Tensor w, TrimmedTokenBatch batch)
    {
        var p = _layout.Split(w);
        long d = _config.DModel, b = batch.Count, t = batch.Length;
        int heads = _config.Heads;
        Tensor Linear(string name, Tensor x) => nn.functional.linear(x, p[name + ".weight"], p[name + ".bias"]);
        Tensor Norm(string name, Tensor x) => nn.functional.layer_norm(x, [d], p[name + ".weight"], p[name + ".bias"], 1e-5);

        var x = p["wte.weight"].index_select(0, batch.RealTokens).Plus(p["wpe.weight"].index_select(0, batch.RealPositions));
        bool scoredOnly = false;
        for (int l = 0; l < _config.Layers; l++)
        {
            string h = $"h.{l}";
            var qkvReal = Linear(h + ".attn.c_attn", Norm(h + ".ln_1", x));
            var qkv = torch.zeros([b * t, 3 * d], dtype: qkvReal.dtype, device: w.device).index_copy(0, batch.RealIndex, qkvReal)
                .view(b, t, 3, heads, d / heads).permute(2, 0, 3, 1, 4);
            var (q, k, v) = (qkv[0], qkv[1], qkv[2]);
            var y = nn.functional.scaled_dot_product_attention(q, k, v, is_casual: true).transpose(1, 2).reshape(b * t, d);
            scoredOnly = l == _config.Layers - 1;
            x = scoredOnly
                ? x.index_select(0, batch.ScoredInReal).Plus(Linear(h + ".attn.c_proj", y.index_select(0, batch.ScoredIndex)))
                : x.Plus(Linear(h + ".attn.c_proj", y.index_select(0, batch.RealIndex)));
            x = x.Plus(Linear(h + ".mlp.c_proj", nn.functional.gelu(Linear(h + ".mlp.c_fc", Norm(h + ".ln_2", x)))));
        }
        if (!scoredOnly) x = x.index_select(0, batch.ScoredInReal);
        var logits = Norm("ln_f", x).matmul(p["wte.weight"].t());
        return nn.functional.cross_entropy(logits, batch.ScoredTargets);
    }
}

/// <summary>
/// A batch for <see cref="GptFlatLoss"/>: the layout of <see cref="TokenBatch"/> (right-padded to
/// the longest example, length T) described by indices into the flattened [batch x T] positions:
/// the real (non-padding) positions, their tokens and positions in the sequence, and the scored
/// positions (answer tokens and &lt;eos&gt;) with their targets, in the same order as TokenBatch.
/// </summary>
public sealed record TrimmedTokenBatch(int Count, int Length, Tensor RealIndex, Tensor RealTokens, Tensor RealPositions,
    Tensor ScoredIndex, Tensor ScoredInReal, Tensor ScoredTargets)
{
    /// <summary>Encodes examples as indices of their real and scored positions on <paramref name="device"/>; throws on an empty list.</summary>
    public static TrimmedTokenBatch Encode(IReadOnlyList<TaskExample> examples, Device device)
    {
        if (examples.Count == 0) throw new ArgumentException("cannot encode an empty batch");
        int t = examples.Max(e => e.InputLength);
        var (realIndex, realTokens, realPositions) = (new List<long>(), new List<long>(), new List<long>());
        var (scoredIndex, scoredInReal, scoredTargets) = (new List<long>(), new List<long>(), new List<long>());
        for (int i = 0; i < examples.Count; i++)
        {
            var e = examples[i];
            var tokens = e.Tokens();
            for (int j = 0; j < e.InputLength; j++)
            {
                if (j >= e.LastPromptPosition && j < e.LastPromptPosition + e.ScoredLength)
                {
                    scoredIndex.Add((long)i * t + j);
                    scoredInReal.Add(realIndex.Count);
                    scoredTargets.Add(tokens[j + 1]);
                }
                realIndex.Add((long)i * t + j);
                realTokens.Add(tokens[j]);
                realPositions.Add(j);
            }
        }
        Tensor Long(List<long> values) => torch.tensor(values.ToArray(), dtype: int64, device: device);
        return new TrimmedTokenBatch(examples.Count, t, Long(realIndex), Long(realTokens), Long(realPositions),
            Long(scoredIndex), Long(scoredInReal), Long(scoredTargets));
    }
}
