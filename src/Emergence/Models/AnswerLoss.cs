using Emergence.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Models;

/// <summary>
/// Training loss: cross-entropy on the scored tokens of a batch (every answer token and
/// &lt;eos&gt;); prompt and padding positions carry no loss. With B examples, S_i the scored
/// positions of example i and l_t = −log p(target_t):
/// <code>
///   tokens   (default):  L = Σ_i Σ_{t∈S_i} l_t / Σ_i |S_i|
///   examples:            L = (1/B) Σ_i (1/|S_i|) Σ_{t∈S_i} l_t
/// </code>
/// (<see cref="LossWeighting"/>; the paper's text does not say which, docs/protocol.md §3).
/// </summary>
public static class AnswerLoss
{
    /// <summary>The loss of a padded batch, from logits [B, T, V].</summary>
    public static Tensor Compute(Tensor logits, TokenBatch batch, LossWeighting weighting = LossWeighting.Tokens) =>
        weighting == LossWeighting.Tokens
            ? nn.functional.cross_entropy(logits.view(-1, logits.shape[^1]), batch.Targets.view(-1), ignore_index: TokenBatch.IgnoreIndex)
            : PerExample(logits, batch).mean();

    /// <summary>Each example's mean cross-entropy over its own scored tokens [B]: the loss of a batch of one.</summary>
    public static Tensor PerExample(Tensor logits, TokenBatch batch)
    {
        long n = logits.shape[0], t = logits.shape[1], v = logits.shape[2];
        var tokenLoss = nn.functional.cross_entropy(logits.reshape(n * t, v), batch.Targets.reshape(-1),
            ignore_index: TokenBatch.IgnoreIndex, reduction: nn.Reduction.None).view(n, t);
        return tokenLoss.sum(1) / batch.LossMask.sum(1);
    }

    /// <summary>The same loss from a packed batch's scored logits [S, V] (see <see cref="Gpt.ScoredLogits"/>).</summary>
    public static Tensor Compute(Tensor scoredLogits, PackedBatch batch, LossWeighting weighting = LossWeighting.Tokens)
    {
        if (weighting == LossWeighting.Tokens)
            return nn.functional.cross_entropy(scoredLogits, batch.ScoredTargets);
        var perToken = nn.functional.cross_entropy(scoredLogits, batch.ScoredTargets, reduction: nn.Reduction.None);
        var scoredPerExample = torch.bincount(batch.ScoredExample, minlength: batch.Count).to(perToken.dtype);
        using var count = batch.Count.ToScalar();
        var weights = scoredPerExample.index_select(0, batch.ScoredExample).reciprocal().div(count);
        return (perToken * weights).sum();
    }
}
