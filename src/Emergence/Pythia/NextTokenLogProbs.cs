using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Emergence.Pythia;

/// <summary>
/// Teacher-forced next-token log-probabilities: element t = log_softmax(logits[t])[ids[t+1]],
/// the log-softmax taken in float64.
/// </summary>
internal static class NextTokenLogProbs
{
    /// <summary>
    /// Values for t = <paramref name="start"/>..T−2 (T − 1 − start values) for logits [T, vocab]
    /// of the sequence <paramref name="ids"/>.
    /// </summary>
    public static double[] Compute(Tensor logits, IReadOnlyList<int> ids, int start = 0)
    {
        if (logits.shape[0] != ids.Count) throw new ArgumentException($"{logits.shape[0]} rows of logits for {ids.Count} tokens.");
        if (start < 0) throw new ArgumentOutOfRangeException(nameof(start));
        int n = ids.Count - 1 - start;
        if (n <= 0) return [];
        using var scope = NewDisposeScope();
        var logp = F.log_softmax(logits.narrow(0, start, n).to_type(ScalarType.Float64), 1);
        var next = tensor(ids.Skip(start + 1).Select(i => (long)i).ToArray(), ScalarType.Int64).unsqueeze(1);
        return logp.gather(1, next).squeeze(1).data<double>().ToArray();
    }
}
