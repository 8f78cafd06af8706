using Emergence.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Measures;

/// <summary>
/// The loss of one example, as the Fisher and gradient-covariance measures differentiate it:
/// mean cross-entropy over that example's scored tokens (its answer and &lt;eos&gt;), i.e. the
/// training loss of a batch of one.
/// </summary>
internal static class PerExampleLoss
{
    /// <summary>Loss of every example of the batch, shape [N].</summary>
    public static Tensor Compute(Tensor logits, TokenBatch batch)
    {
        long n = logits.shape[0], t = logits.shape[1], v = logits.shape[2];
        var tokenLoss = nn.functional.cross_entropy(logits.reshape(n * t, v), batch.Targets.reshape(-1),
            ignore_index: TokenBatch.IgnoreIndex, reduction: nn.Reduction.None).view(n, t);
        return tokenLoss.sum(1) / batch.LossMask.sum(1);
    }
}
