using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;
using Emergence.Models;

namespace Emergence.Pythia.Global;

/// <summary>
/// The fixed probe batch of the global measures: the first <c>size</c> sequences of the general
/// text (the built-in set, or <c>--general-text</c>) with at least 2 tokens, each cut to
/// <c>--max-tokens</c>; the same at every checkpoint. Its loss is the language-modelling loss
/// <code>
///   L(w) = (1 / N_tok) sum_s sum_{t=0}^{T_s - 2} -log softmax(logits_s[t])[ids_s[t + 1]]
/// </code>
/// over all N_tok predicted tokens; the per-sequence loss L_s is the same mean over one sequence.
/// </summary>
internal sealed class ProbeBatch
{
    public IReadOnlyList<int[]> Sequences { get; }
    /// <summary>Predicted tokens N_tok = sum_s (T_s - 1).</summary>
    public int PredictedTokens { get; }

    public ProbeBatch(IReadOnlyList<int[]> sequences)
    {
        if (sequences.Count == 0) throw new ArgumentException("The probe batch is empty: the general text has no sequence of at least 2 tokens.");
        if (sequences.Any(s => s.Length < 2)) throw new ArgumentException("Every probe-batch sequence needs at least 2 tokens.");
        Sequences = sequences;
        PredictedTokens = sequences.Sum(s => s.Length - 1);
    }

    public static ProbeBatch From(ProbeSet text, PythiaTokenizer tokenizer, int size, int maxTokens)
    {
        if (size < 1) throw new ArgumentException($"--probe-batch must be a positive number of sequences (got {size}).");
        var sequences = text.Items.Where(i => i.IsText)
            .Select(i => tokenizer.Encode(i.Prompt))
            .Select(ids => ids.Length > maxTokens ? ids[..maxTokens] : ids)
            .Where(ids => ids.Length >= 2)
            .Take(size).ToList();
        return new ProbeBatch(sequences);
    }

    /// <summary>L(w) as a scalar tensor in the model's compute type, differentiable in every weight that requires gradients.</summary>
    public Tensor Loss(NeoXModel model)
    {
        Tensor total = zeros([], dtype: model.Weights.ComputeType);
        foreach (var ids in Sequences) total = total.Plus(SummedLoss(model, ids));
        using var predicted = PredictedTokens.ToScalar();
        return total.div(predicted);
    }

    /// <summary>L_s(w) of sequence <paramref name="index"/>.</summary>
    public Tensor SequenceLoss(NeoXModel model, int index)
    {
        using var predicted = (Sequences[index].Length - 1).ToScalar();
        return SummedLoss(model, Sequences[index]).div(predicted);
    }

    private static Tensor SummedLoss(NeoXModel model, int[] ids)
    {
        var logits = model.Forward(ids, hiddenStates: false).Logits;
        var targets = tensor(ids.Skip(1).Select(i => (long)i).ToArray(), ScalarType.Int64);
        return F.cross_entropy(logits.narrow(0, 0, ids.Length - 1), targets, reduction: nn.Reduction.Sum);
    }
}
