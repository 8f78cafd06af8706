using Emergence.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Models;

/// <summary>
/// Training loss: mean cross-entropy over the scored tokens of a batch (every answer token and
/// &lt;eos&gt;, pooled over examples); prompt and padding positions carry no loss.
/// </summary>
public static class AnswerLoss
{
    /// <summary>Mean cross-entropy over the scored tokens of a padded batch, from logits [B, T, V].</summary>
    public static Tensor Compute(Tensor logits, TokenBatch batch) =>
        nn.functional.cross_entropy(
            logits.view(-1, logits.shape[^1]), batch.Targets.view(-1), ignore_index: TokenBatch.IgnoreIndex);

    /// <summary>The same loss from a packed batch's scored logits [S, V] (see <see cref="Gpt.ScoredLogits"/>).</summary>
    public static Tensor Compute(Tensor scoredLogits, PackedBatch batch) =>
        nn.functional.cross_entropy(scoredLogits, batch.ScoredTargets);
}
