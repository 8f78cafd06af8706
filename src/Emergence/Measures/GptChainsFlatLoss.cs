using Emergence.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Measures;

/// <summary>
/// <see cref="GptFlatLoss"/> for C parameter vectors at once: w is [C, P] (row c is chain c's
/// point) and chain c's loss is taken on its own batch of a <see cref="ChainsTokenBatch"/>; the
/// result is the [C] vector of losses, and the gradient of their sum with respect to w is the [C, P]
/// stack of the chains' gradients (the chains share no computation). Each layer runs once for all
/// chains with the chain as a leading dimension: Linear as a batched matmul of [C, rows, in] by the
/// chains' [C, in, out] weights, LayerNorm with per-chain gain and bias, embeddings by index into the C
/// stacked tables, attention on [C x batch, heads, T, T]. It computes, per chain, the same function
/// as GptFlatLoss (tested: equal losses and gradients to float32 tolerance).
/// </summary>
public sealed class GptChainsFlatLoss
{
    private readonly GptConfig _config;
    private readonly FlatParameterLayout _layout;

    /// <summary>The loss of the model as a function of C stacked flat parameter vectors.</summary>
    public GptChainsFlatLoss(Gpt model)
    {
        _config = model.Config;
        _layout = new FlatParameterLayout(model);
    }

    /// <summary>Mean cross-entropy over each chain's scored tokens at its parameters: [C] for w of shape [C, P].</summary>
    public Tensor Losses(Tensor w, ChainsTokenBatch batch)
    {
        var p = _layout.Split(w);
        long c = batch.Chains, d = _config.DModel, n = batch.Rows, s = batch.Scored, t = batch.Length;
        long positions = c * batch.Count * t, vocab = _config.VocabSize, context = _config.Context;
        int heads = _config.Heads;
        Tensor Linear(string name, Tensor x) => x.matmul(p[name + ".weight"].transpose(1, 2)).Plus(p[name + ".bias"].unsqueeze(1));
        Tensor Norm(string name, Tensor x) =>
            torch.addcmul(p[name + ".bias"].unsqueeze(1), nn.functional.layer_norm(x, [d], null, null, 1e-5), p[name + ".weight"].unsqueeze(1), HeldScalars.One);
        Tensor Rows(Tensor x, Tensor index, long rows) => x.index_select(0, index).view(c, rows, -1);

        using var chainCount = c.ToScalar();
        using var vocabScalar = vocab.ToScalar();
        using var contextScalar = context.ToScalar();
        var chainOf = torch.arange(chainCount, dtype: int64, device: w.device).unsqueeze(1);
        var tokens = batch.RowToken.view(c, n).Plus(chainOf.mul(vocabScalar)).view(-1);
        var sequence = batch.RowSequencePosition.view(c, n).Plus(chainOf.mul(contextScalar)).view(-1);
        var x = Rows(p["wte.weight"].reshape(c * vocab, d), tokens, n).Plus(Rows(p["wpe.weight"].reshape(c * context, d), sequence, n));
        bool scoredOnly = false;
        for (int l = 0; l < _config.Layers; l++)
        {
            string h = $"h.{l}";
            var qkvRows = Linear(h + ".attn.c_attn", Norm(h + ".ln_1", x));
            var qkv = torch.zeros([positions, 3 * d], dtype: qkvRows.dtype, device: w.device).index_copy(0, batch.RowPosition, qkvRows.view(c * n, 3 * d))
                .view(c * batch.Count, t, 3, heads, d / heads).permute(2, 0, 3, 1, 4);
            var (q, k, v) = (qkv[0], qkv[1], qkv[2]);
            var y = nn.functional.scaled_dot_product_attention(q, k, v, is_casual: true).transpose(1, 2).reshape(positions, d);
            scoredOnly = l == _config.Layers - 1;
            x = scoredOnly
                ? Rows(x.view(c * n, d), batch.ScoredRow, s).Plus(Linear(h + ".attn.c_proj", Rows(y, batch.ScoredPosition, s)))
                : x.Plus(Linear(h + ".attn.c_proj", Rows(y, batch.RowPosition, n)));
            x = x.Plus(Linear(h + ".mlp.c_proj", nn.functional.gelu(Linear(h + ".mlp.c_fc", Norm(h + ".ln_2", x)))));
        }
        if (!scoredOnly) x = Rows(x.view(c * n, d), batch.ScoredRow, s);
        var logits = Norm("ln_f", x).matmul(p["wte.weight"].transpose(1, 2)).view(c * s, vocab).index_select(0, batch.ScoredValid);
        var perToken = nn.functional.cross_entropy(logits, batch.ScoredTargets, reduction: nn.Reduction.None);
        return torch.zeros(c, dtype: perToken.dtype, device: w.device).index_add(0, batch.ScoredChain, perToken * batch.ScoredWeight, HeldScalars.One);
    }
}
