using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Tasks;

/// <summary>
/// Examples encoded for teacher forcing: <c>Inputs</c> = sequence[:-1] right-padded with
/// &lt;pad&gt; to the longest example; <c>Targets</c> = sequence[1:] on the scored positions
/// (the answer's tokens and &lt;eos&gt;) and <see cref="IgnoreIndex"/> everywhere else
/// (prompt and padding), as PyTorch's cross-entropy expects; <c>LossMask</c> is 1 exactly on
/// the scored positions. The tensors belong to the caller's dispose scope.
/// </summary>
public sealed class TokenBatch
{
    /// <summary>Target of unscored positions, ignored by the cross-entropy.</summary>
    public const long IgnoreIndex = -100;

    /// <summary>Input tokens [B, T].</summary>
    public required Tensor Inputs { get; init; }
    /// <summary>Target tokens [B, T], <see cref="IgnoreIndex"/> where unscored.</summary>
    public required Tensor Targets { get; init; }
    /// <summary>1 on the scored positions, 0 elsewhere [B, T].</summary>
    public required Tensor LossMask { get; init; }
    /// <summary>Input position of '=' in each example (the default RankMe representation).</summary>
    public required long[] LastPromptPositions { get; init; }
    /// <summary>Number of examples B.</summary>
    public int Count => LastPromptPositions.Length;
    /// <summary>Padded length T.</summary>
    public int Length { get; init; }

    /// <summary>Encodes examples for teacher forcing, padded to the longest, on <paramref name="device"/>.</summary>
    public static TokenBatch Encode(IReadOnlyList<TaskExample> examples, Device device)
    {
        if (examples.Count == 0) throw new ArgumentException("cannot encode an empty batch");
        int b = examples.Count, t = examples.Max(e => e.InputLength);
        var inputs = new long[b * t];
        var targets = new long[b * t];
        Array.Fill(targets, IgnoreIndex);
        var mask = new float[b * t];
        var lastPrompt = new long[b];
        for (int i = 0; i < b; i++)
        {
            var e = examples[i];
            var tokens = e.Tokens();
            for (int j = 0; j < tokens.Length - 1; j++)
                inputs[i * t + j] = tokens[j];
            for (int j = e.LastPromptPosition; j < e.LastPromptPosition + e.ScoredLength; j++)
            {
                targets[i * t + j] = tokens[j + 1];
                mask[i * t + j] = 1f;
            }
            lastPrompt[i] = e.LastPromptPosition;
        }
        return new TokenBatch
        {
            Inputs = torch.tensor(inputs, [b, t], dtype: int64, device: device),
            Targets = torch.tensor(targets, [b, t], dtype: int64, device: device),
            LossMask = torch.tensor(mask, [b, t], dtype: float32, device: device),
            LastPromptPositions = lastPrompt,
            Length = t,
        };
    }
}
