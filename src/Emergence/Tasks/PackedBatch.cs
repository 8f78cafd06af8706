using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Tasks;

/// <summary>
/// Examples packed several to a row so that little of the computed work is padding. Each row of
/// <c>Inputs</c> [R, T] holds whole examples back to back (first-fit by decreasing length) and
/// &lt;pad&gt; after the last. Unless given, T is the length between the longest example L and
/// 2L whose packing computes the fewest positions R·T (the smallest such T): a batch of 64
/// training examples then carries ~3% padding (at most ~5%), against ~48% padded to L, while
/// attention spans at most 2L. <c>Positions</c>
/// restart at 0 for every example; <c>Blocked</c> [R, 1, T, T] is true where query i may not
/// attend to key j: unless j ≤ i and both lie in the same example (a block-diagonal causal
/// mask; the padding of a row forms one block of its own, so no softmax row is empty).
/// The model sees each example exactly as in a padded batch of its own, so the logits at an
/// example's positions are the same function of its tokens.
///
/// The scored positions (each answer's tokens and &lt;eos&gt;, as in <see cref="TokenBatch"/>)
/// are listed in example order: <c>ScoredIndex</c> [S] indexes the flattened [R·T] positions,
/// <c>ScoredTargets</c> [S] the tokens they predict and <c>ScoredExample</c> [S] the example
/// (its index in the list given) they belong to. The tensors belong to the caller's dispose scope.
/// </summary>
public sealed class PackedBatch
{
    /// <summary>Tokens [R, T], examples back to back, &lt;pad&gt; at the end of a row.</summary>
    public required Tensor Inputs { get; init; }
    /// <summary>Position of each token within its example [R, T].</summary>
    public required Tensor Positions { get; init; }
    /// <summary>Attention mask [R, 1, T, T], true where query i may not attend to key j.</summary>
    public required Tensor Blocked { get; init; }
    /// <summary>Flattened [R·T] index of each scored position [S], in example order.</summary>
    public required Tensor ScoredIndex { get; init; }
    /// <summary>Token each scored position predicts [S].</summary>
    public required Tensor ScoredTargets { get; init; }
    /// <summary>Example (index in the list given) of each scored position [S].</summary>
    public required Tensor ScoredExample { get; init; }
    /// <summary>Number of examples.</summary>
    public int Count { get; init; }
    /// <summary>Number of rows R.</summary>
    public int Rows { get; init; }
    /// <summary>Row length T.</summary>
    public int Length { get; init; }
    /// <summary>Input tokens of all examples (positions computed that are not padding).</summary>
    public long RealTokens { get; init; }
    /// <summary>Length of the longest example: the row length of the same examples padded one per row.</summary>
    public int LongestInput { get; init; }

    /// <summary>Positions computed, R·T.</summary>
    public long ComputedPositions => (long)Rows * Length;
    /// <summary>Share of the computed positions that are padding, 0..1.</summary>
    public double PaddingShare => 1.0 - RealTokens / (double)ComputedPositions;

    /// <summary>Packs examples into rows of length <paramref name="rowLength"/> (default: the cheapest between L and 2L) on <paramref name="device"/>.</summary>
    public static PackedBatch Pack(IReadOnlyList<TaskExample> examples, Device device, int? rowLength = null)
    {
        if (examples.Count == 0) throw new ArgumentException("cannot pack an empty batch");
        int longest = examples.Max(e => e.InputLength);
        int t = rowLength ?? FewestPositions(examples, longest);
        if (t < longest) throw new ArgumentException($"Row length {t} is shorter than the longest example ({longest} tokens).");
        var (rowOf, offsetOf, rows) = FirstFitDecreasing(examples, t);

        var inputs = new long[rows * t];
        var positions = new long[rows * t];
        var segments = new long[rows * t];
        Array.Fill(segments, -1L);
        var scoredIndex = new List<long>();
        var scoredTargets = new List<long>();
        var scoredExample = new List<long>();
        long real = 0;
        for (int i = 0; i < examples.Count; i++)
        {
            var e = examples[i];
            var tokens = e.Tokens();
            int start = rowOf[i] * t + offsetOf[i];
            for (int j = 0; j < e.InputLength; j++)
            {
                inputs[start + j] = tokens[j];
                positions[start + j] = j;
                segments[start + j] = i;
            }
            for (int j = e.LastPromptPosition; j < e.LastPromptPosition + e.ScoredLength; j++)
            {
                scoredIndex.Add(start + j);
                scoredTargets.Add(tokens[j + 1]);
                scoredExample.Add(i);
            }
            real += e.InputLength;
        }
        using var scope = torch.NewDisposeScope();
        var segment = torch.tensor(segments, [rows, t], dtype: int64);
        var future = torch.ones(t, t, dtype: ScalarType.Bool).triu(1);
        var blocked = segment.unsqueeze(-1).ne(segment.unsqueeze(-2)).logical_or(future).unsqueeze(1);
        return new PackedBatch
        {
            Inputs = torch.tensor(inputs, [rows, t], dtype: int64, device: device).MoveToOuterDisposeScope(),
            Positions = torch.tensor(positions, [rows, t], dtype: int64, device: device).MoveToOuterDisposeScope(),
            Blocked = blocked.to(device).MoveToOuterDisposeScope(),
            ScoredIndex = torch.tensor(scoredIndex.ToArray(), dtype: int64, device: device).MoveToOuterDisposeScope(),
            ScoredTargets = torch.tensor(scoredTargets.ToArray(), dtype: int64, device: device).MoveToOuterDisposeScope(),
            ScoredExample = torch.tensor(scoredExample.ToArray(), dtype: int64, device: device).MoveToOuterDisposeScope(),
            Count = examples.Count,
            Rows = rows,
            Length = t,
            RealTokens = real,
            LongestInput = longest,
        };
    }

    private static int FewestPositions(IReadOnlyList<TaskExample> examples, int longest) =>
        Enumerable.Range(longest, longest + 1).MinBy(t => (long)FirstFitDecreasing(examples, t).Rows * t);

    /// <summary>
    /// First-fit decreasing: examples by decreasing length (ties in list order), each into the
    /// first row with room. Deterministic: the same examples always give the same layout.
    /// </summary>
    private static (int[] Row, int[] Offset, int Rows) FirstFitDecreasing(IReadOnlyList<TaskExample> examples, int rowLength)
    {
        var order = Enumerable.Range(0, examples.Count).OrderByDescending(i => examples[i].InputLength).ThenBy(i => i);
        // Rows by free room: the first row with room for a length is the lowest index over the sets with enough room.
        var byRoom = new SortedSet<int>[rowLength + 1];
        for (int room = 0; room <= rowLength; room++) byRoom[room] = [];
        var used = new List<int>();
        var row = new int[examples.Count];
        var offset = new int[examples.Count];
        foreach (int i in order)
        {
            int length = examples[i].InputLength;
            int r = int.MaxValue;
            for (int room = length; room <= rowLength; room++)
                if (byRoom[room].Count > 0) r = Math.Min(r, byRoom[room].Min);
            if (r == int.MaxValue) { r = used.Count; used.Add(0); }
            else byRoom[rowLength - used[r]].Remove(r);
            (row[i], offset[i]) = (r, used[r]);
            used[r] += length;
            byRoom[rowLength - used[r]].Add(r);
        }
        return (row, offset, used.Count);
    }
}
