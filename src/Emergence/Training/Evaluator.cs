using Emergence.Models;
using Emergence.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Training;

/// <summary>Results of one task-level on the evaluation set.</summary>
/// <param name="Accuracy">Share of items whose whole answer, &lt;eos&gt; included, is the argmax at every scored position.</param>
/// <param name="AnswerLogProb">Mean over items of Σ log p(correct token) over the answer's tokens and &lt;eos&gt;.</param>
/// <param name="TokenLoss">Mean cross-entropy per scored token.</param>
public sealed record TaskLevelResult(TaskLevel TaskLevel, double Accuracy, double AnswerLogProb, double TokenLoss, bool[] Correct);

/// <summary>
/// Evaluates a model on a fixed example set with one teacher-forced pass per batch: for exact
/// match, argmax at every answer position under teacher forcing equals greedy decoding (the
/// first wrong token makes both wrong). The encoded set lives as long as the evaluator.
/// </summary>
public sealed class Evaluator : IDisposable
{
    private readonly List<(TaskLevel TaskLevel, TokenBatch Batch)> _chunks = [];
    public Evaluator(IReadOnlyList<TaskExample[]> setsByTaskLevel, Device device, int chunkSize = 500)
    {
        using var scope = torch.NewDisposeScope();
        foreach (var set in setsByTaskLevel)
            foreach (var chunk in set.Chunk(chunkSize))
            {
                var batch = TokenBatch.Encode(chunk, device);
                // The encoded set outlives this scope and any caller's: the evaluator disposes it.
                batch.Inputs.DetachFromDisposeScope();
                batch.Targets.DetachFromDisposeScope();
                batch.LossMask.DetachFromDisposeScope();
                _chunks.Add((chunk[0].TaskLevel, batch));
            }
    }

    public IReadOnlyList<TaskLevelResult> Evaluate(Gpt model)
    {
        using var mode = EvaluationMode.Enter(model);
        var byTaskLevel = new Dictionary<TaskLevel, (List<bool> Correct, double LogProb, double Nll, long Tokens)>();
        using (torch.no_grad())
        {
            foreach (var (taskLevel, batch) in _chunks)
            {
                using var scope = torch.NewDisposeScope();
                var logits = model.forward(batch.Inputs);
                var logProbs = logits.log_softmax(-1);
                var scored = batch.Targets.clamp_min(0);
                var tokenLogProb = logProbs.gather(-1, scored.unsqueeze(-1)).squeeze(-1).mul(batch.LossMask);
                var exampleLogProb = tokenLogProb.sum(1).to(float64).cpu().data<double>().ToArray();
                var wrong = logits.argmax(-1).ne(batch.Targets).logical_and(batch.LossMask.to(ScalarType.Bool)).any(1);
                var wrongFlags = wrong.cpu().data<bool>().ToArray();
                double tokens = batch.LossMask.sum().item<float>();
                if (!byTaskLevel.TryGetValue(taskLevel, out var acc)) acc = ([], 0, 0, 0);
                acc.Correct.AddRange(wrongFlags.Select(w => !w));
                byTaskLevel[taskLevel] = (acc.Correct, acc.LogProb + exampleLogProb.Sum(), acc.Nll - exampleLogProb.Sum(), acc.Tokens + (long)tokens);
            }
        }
        return [.. byTaskLevel.Select(kv => new TaskLevelResult(kv.Key,
            kv.Value.Correct.Count(c => c) / (double)kv.Value.Correct.Count,
            kv.Value.LogProb / kv.Value.Correct.Count,
            kv.Value.Nll / kv.Value.Tokens,
            [.. kv.Value.Correct]))];
    }

    public void Dispose()
    {
        foreach (var (_, batch) in _chunks)
        {
            batch.Inputs.Dispose();
            batch.Targets.Dispose();
            batch.LossMask.Dispose();
        }
    }
}
