using Emergence.Models;
using Emergence.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Training;

/// <summary>Results of one task-level on the evaluation set.</summary>
/// <param name="TaskLevel">The task-level.</param>
/// <param name="Accuracy">Share of items whose whole answer, &lt;eos&gt; included, is the argmax at every scored position.</param>
/// <param name="AnswerLogProb">Mean over items of Σ log p(correct token) over the answer's tokens and &lt;eos&gt;.</param>
/// <param name="TokenLoss">Mean cross-entropy per scored token.</param>
/// <param name="Correct">Per item, whether it was answered exactly.</param>
public sealed record TaskLevelResult(TaskLevel TaskLevel, double Accuracy, double AnswerLogProb, double TokenLoss, bool[] Correct);

/// <summary>
/// Evaluates a model on a fixed example set with one teacher-forced pass per batch: for exact
/// match, argmax at every answer position under teacher forcing equals greedy decoding (the
/// first wrong token makes both wrong). Work is spent only where it changes a number: an
/// example that occurs several times in a task-level's set (a third of the 24,000 at the
/// default sizes: ADD_L1 has 100 distinct prompts) is computed once and counted for every
/// item; the distinct examples are packed (<see cref="PackedBatch"/>, chunks of
/// <c>chunkSize</c>) so that no padding is computed; the output layer runs only at the scored
/// positions; no autograd state is kept. The encoded set lives as long as the evaluator.
/// </summary>
internal sealed class Evaluator : IDisposable
{
    private sealed record Level(TaskLevel TaskLevel, int[] ItemToDistinct, int Distinct, long ScoredTokens, PackedBatch[] Chunks);

    private readonly List<Level> _levels = [];

    public Evaluator(IReadOnlyList<TaskExample[]> setsByTaskLevel, Device device, int chunkSize = 250)
    {
        using var scope = torch.NewDisposeScope();
        foreach (var set in setsByTaskLevel)
        {
            var index = new Dictionary<TaskExample, int>();
            var distinct = new List<TaskExample>();
            var itemToDistinct = set.Select(e =>
            {
                if (!index.TryGetValue(e, out int k)) { k = distinct.Count; index[e] = k; distinct.Add(e); }
                return k;
            }).ToArray();
            var chunks = distinct.Chunk(chunkSize).Select(chunk => PackedBatch.Pack(chunk, device)).ToArray();
            // The encoded set outlives this scope and any caller's: the evaluator disposes it.
            foreach (var tensor in chunks.SelectMany(Tensors)) tensor.DetachFromDisposeScope();
            _levels.Add(new Level(set[0].TaskLevel, itemToDistinct, distinct.Count, set.Sum(e => (long)e.ScoredLength), chunks));
        }
    }

    private static Tensor[] Tensors(PackedBatch b) => [b.Inputs, b.Positions, b.Blocked, b.ScoredIndex, b.ScoredTargets, b.ScoredExample];

    public IReadOnlyList<TaskLevelResult> Evaluate(Gpt model)
    {
        using var mode = EvaluationMode.Enter(model);
        var results = new List<TaskLevelResult>(_levels.Count);
        using (torch.inference_mode())
            foreach (var level in _levels)
            {
                var (correct, logProb) = (new bool[level.Distinct], new double[level.Distinct]);
                int offset = 0;
                foreach (var batch in level.Chunks)
                {
                    Score(model, batch, correct.AsSpan(offset, batch.Count), logProb.AsSpan(offset, batch.Count));
                    offset += batch.Count;
                }
                var items = level.ItemToDistinct;
                double sum = items.Sum(k => logProb[k]);
                results.Add(new TaskLevelResult(level.TaskLevel, items.Count(k => correct[k]) / (double)items.Length,
                    sum / items.Length, -sum / level.ScoredTokens, [.. items.Select(k => correct[k])]));
            }
        return results;
    }

    /// <summary>Per example of a packed batch: whole answer argmax-correct, and Σ log p(correct token) over its scored positions.</summary>
    private static void Score(Gpt model, PackedBatch batch, Span<bool> correct, Span<double> logProb)
    {
        using var scope = torch.NewDisposeScope();
        var logits = model.ScoredLogits(batch);
        var tokenLogProb = logits.log_softmax(-1).gather(-1, batch.ScoredTargets.unsqueeze(-1)).squeeze(-1);
        var exampleLogProb = torch.zeros(batch.Count, dtype: float64, device: logits.device)
            .index_add_(0, batch.ScoredExample, tokenLogProb.to(float64), HeldScalars.One).cpu();
        var wrongTokens = torch.zeros(batch.Count, dtype: int64, device: logits.device)
            .index_add_(0, batch.ScoredExample, logits.argmax(-1).ne(batch.ScoredTargets).to(int64), HeldScalars.One).cpu();
        var wrong = wrongTokens.data<long>();
        var sums = exampleLogProb.data<double>();
        for (int i = 0; i < batch.Count; i++)
            (correct[i], logProb[i]) = (wrong[i] == 0, sums[i]);
    }

    public void Dispose()
    {
        foreach (var tensor in _levels.SelectMany(l => l.Chunks).SelectMany(Tensors)) tensor.Dispose();
    }
}
