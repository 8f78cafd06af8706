using Emergence.Models;
using Emergence.Tasks;
using Emergence.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Tests.Training;

public class EvaluatorTests
{
    /// <summary>
    /// The padded evaluation the packed evaluator replaced: one forward pass per task-level over
    /// its examples padded to the longest, exact match from the argmax at every scored position.
    /// </summary>
    private static (bool[] Correct, double[] LogProb) Padded(Gpt model, TaskExample[] set)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var batch = TokenBatch.Encode(set, CPU);
        var logits = model.forward(batch.Inputs);
        var tokenLogProb = logits.log_softmax(-1).gather(-1, batch.Targets.clamp_min(0).unsqueeze(-1)).squeeze(-1).mul(batch.LossMask);
        var wrong = logits.argmax(-1).ne(batch.Targets).logical_and(batch.LossMask.to(ScalarType.Bool)).any(1);
        return ([.. wrong.data<bool>().ToArray().Select(w => !w)], tokenLogProb.sum(1).to(float64).data<double>().ToArray());
    }

    [Fact]
    public void Packed_evaluation_gives_the_padded_per_item_results()
    {
        var levels = new[] { "COPY_L1", "REV_L1", "ADD_L1", "CMP_L1" };
        var config = TrainingConfig.Paper(new GptConfig("t", 2, 64, 4), steps: 400, batchSize: 32) with
        {
            PeakLearningRate = 3e-3, WarmupSteps = 20, TaskLevels = levels,
        };
        torch.manual_seed(11);
        using var model = new Gpt(config.Model);
        using (var step = new OptimisationStep(config, model, CPU))
            for (int s = 1; s <= 250; s++) step.Run(s);
        var sets = ExampleSets.Evaluation(300, config.ParsedTaskLevels());
        using var evaluator = new Evaluator(sets, CPU, chunkSize: 128);
        var results = evaluator.Evaluate(model);
        Assert.True(model.training);
        model.eval();
        int correct = 0, total = 0;
        for (int k = 0; k < sets.Count; k++)
        {
            var (expected, logProb) = Padded(model, sets[k]);
            Assert.Equal(sets[k][0].TaskLevel, results[k].TaskLevel);
            Assert.Equal(expected, results[k].Correct);
            Assert.Equal(logProb.Average(), results[k].AnswerLogProb, 4);
            Assert.Equal(expected.Count(c => c) / 300.0, results[k].Accuracy, 12);
            var tokens = sets[k].Sum(e => e.ScoredLength);
            Assert.Equal(-logProb.Sum() / tokens, results[k].TokenLoss, 4);
            (correct, total) = (correct + expected.Count(c => c), total + expected.Length);
        }
        // Mixed results, so that a wrong item-to-example mapping would show.
        Assert.InRange(correct, total / 10, total - total / 10);
    }
}
