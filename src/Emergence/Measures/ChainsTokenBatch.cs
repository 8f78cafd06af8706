using Emergence.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Measures;

/// <summary>
/// C batches (one per chain, <see cref="Count"/> examples each) for <see cref="GptChainsFlatLoss"/>,
/// laid out so that one batched computation serves every chain. Every batch is right-padded to the
/// longest example of all C (length T), giving the attention layout [C x Count x T] positions.
/// Chain c's real (non-padding) positions are rows c N .. c N + N_c - 1 of a [C x N] row layout
/// (N = the largest N_c); its other N - N_c rows are filler placed on padding positions of its
/// own batch, never seen by a real position (right padding and the causal mask) and never scored.
/// Likewise the scored positions (answer tokens and &lt;eos&gt;) are [C x S] rows, of which
/// <see cref="ScoredValid"/> are real, each with its target, chain and weight 1 / S_c (so that the
/// weighted sum per chain is chain c's mean loss over its S_c scored tokens).
/// </summary>
public sealed record ChainsTokenBatch(int Chains, int Count, int Length, int Rows, int Scored,
    Tensor RowPosition, Tensor RowToken, Tensor RowSequencePosition,
    Tensor ScoredRow, Tensor ScoredPosition, Tensor ScoredValid, Tensor ScoredTargets, Tensor ScoredChain, Tensor ScoredWeight)
{
    /// <summary>Encodes one batch per chain (all of one size) on <paramref name="device"/>; throws on an empty or uneven list.</summary>
    public static ChainsTokenBatch Encode(IReadOnlyList<IReadOnlyList<TaskExample>> batches, Device device)
    {
        if (batches.Count == 0 || batches[0].Count == 0 || batches.Any(b => b.Count != batches[0].Count))
            throw new ArgumentException("cannot encode chain batches that are empty or of different sizes");
        int chains = batches.Count, count = batches[0].Count;
        int t = batches.Max(b => b.Max(e => e.InputLength));
        int rows = batches.Max(b => b.Sum(e => e.InputLength)), scored = batches.Max(b => b.Sum(e => e.ScoredLength));
        var (rowPosition, rowToken, rowSequence) = (new long[chains * rows], new long[chains * rows], new long[chains * rows]);
        var (scoredRow, scoredPosition) = (new long[chains * scored], new long[chains * scored]);
        var (valid, targets, chain, weight) = (new List<long>(), new List<long>(), new List<long>(), new List<float>());
        for (int c = 0; c < chains; c++)
        {
            long rowBase = (long)c * rows, positionBase = (long)c * count * t;
            int r = 0, s = 0, scoredCount = batches[c].Sum(e => e.ScoredLength);
            var padding = new List<long>();
            for (int i = 0; i < count; i++)
            {
                var e = batches[c][i];
                var tokens = e.Tokens();
                for (int j = 0; j < t; j++)
                {
                    long position = positionBase + (long)i * t + j;
                    if (j >= e.InputLength)
                    {
                        padding.Add(position);
                        continue;
                    }
                    if (j >= e.LastPromptPosition && j < e.LastPromptPosition + e.ScoredLength)
                    {
                        (scoredRow[c * scored + s], scoredPosition[c * scored + s]) = (rowBase + r, position);
                        valid.Add((long)c * scored + s++);
                        targets.Add(tokens[j + 1]);
                        chain.Add(c);
                        weight.Add(1f / scoredCount);
                    }
                    (rowPosition[rowBase + r], rowToken[rowBase + r], rowSequence[rowBase + r]) = (position, tokens[j], j);
                    r++;
                }
            }
            // Filler rows: token 0 at sequence position 0, on this chain's padding positions.
            for (int k = 0; r < rows; r++, k++) rowPosition[rowBase + r] = padding[k];
            for (; s < scored; s++) (scoredRow[c * scored + s], scoredPosition[c * scored + s]) = (rowBase, rowPosition[rowBase]);
        }
        Tensor Long(long[] values) => torch.tensor(values, dtype: int64, device: device);
        return new ChainsTokenBatch(chains, count, t, rows, scored, Long(rowPosition), Long(rowToken), Long(rowSequence),
            Long(scoredRow), Long(scoredPosition), Long([.. valid]), Long([.. targets]), Long([.. chain]),
            torch.tensor(weight.ToArray(), dtype: float32, device: device));
    }
}
