using System.Diagnostics;
using Emergence.Models;
using TorchSharp;

namespace Emergence.Training;

/// <summary>Throughput of the training step of one model size.</summary>
/// <param name="Model">Model size name.</param>
/// <param name="Parameters">Parameter count.</param>
/// <param name="BatchSize">Examples per step.</param>
/// <param name="Packed">Whether the batch was packed (<see cref="Emergence.Tasks.PackedBatch"/>) or padded to its longest example.</param>
/// <param name="MeanSequenceLength">Mean input tokens per example (real tokens, no padding).</param>
/// <param name="PaddingShare">Share of the computed positions that were padding.</param>
/// <param name="MedianStepSeconds">Median wall time of one step.</param>
/// <param name="StepsPerSecond">Timed steps per second of their total wall time.</param>
/// <param name="TokensPerSecond">Real (non-padding) input tokens per second.</param>
/// <param name="ModelFlopsPerSecond">3 × forward FLOPs (<see cref="GptConfig.ForwardFlopsPerToken"/> at the row length) × computed positions / s.</param>
public sealed record TrainingThroughput(string Model, long Parameters, int BatchSize, bool Packed, double MeanSequenceLength,
    double PaddingShare, double MedianStepSeconds, double StepsPerSecond, double TokensPerSecond, double ModelFlopsPerSecond);

/// <summary>
/// Measures the real training step (the same <see cref="OptimisationStep"/> the trainer runs,
/// batches drawn as in training) and the machine's float32 matrix-multiply rate through the
/// same libtorch, for the ratio achieved / peak.
/// </summary>
public static class TrainingBenchmark
{
    /// <summary>Times <paramref name="steps"/> optimisation steps of a fresh model (after warm-up steps) and reports the throughput.</summary>
    public static TrainingThroughput MeasureTraining(GptConfig modelConfig, torch.Device device, int steps, bool pack = true,
        int warmupSteps = 3, int batchSize = TrainingConfig.DefaultBatchSize)
    {
        var config = TrainingConfig.Paper(modelConfig, steps: 100_000, batchSize: batchSize);
        torch.manual_seed(0);
        using var model = new Gpt(modelConfig);
        model.to(device);
        model.train();
        using var stepper = new OptimisationStep(config, model, device, pack);
        for (int s = 1; s <= warmupSteps; s++) stepper.Run(s);
        long computed = 0, real = 0;
        double flops = 0;
        var times = new double[steps];
        var clock = Stopwatch.StartNew();
        for (int s = warmupSteps + 1; s <= warmupSteps + steps; s++)
        {
            var started = clock.Elapsed.TotalSeconds;
            var result = stepper.Run(s);
            times[s - warmupSteps - 1] = clock.Elapsed.TotalSeconds - started;
            var examples = Tasks.ExampleSets.TrainingBatch((ulong)config.Seed, s, batchSize, config.ParsedTaskLevels());
            real += examples.Sum(e => (long)e.InputLength);
            computed += result.ComputedPositions;
            flops += 3 * modelConfig.ForwardFlopsPerToken(result.RowLength) * result.ComputedPositions;
        }
        double seconds = times.Sum();
        Array.Sort(times);
        double median = steps % 2 == 1 ? times[steps / 2] : (times[steps / 2 - 1] + times[steps / 2]) / 2;
        return new TrainingThroughput(modelConfig.Name, modelConfig.ParameterCount(), batchSize, pack,
            real / (double)(steps * batchSize), 1 - real / (double)computed, median, steps / seconds, real / seconds, flops / seconds);
    }

    /// <summary>
    /// Seconds to evaluate a freshly initialised model on the evaluation set (24 task-levels ×
    /// <paramref name="perTaskLevel"/> examples, as at every checkpoint): median of
    /// <paramref name="repetitions"/>, after one untimed pass; and the seconds to encode the set once.
    /// </summary>
    public static (double EvaluateSeconds, double EncodeSeconds) MeasureEvaluation(GptConfig modelConfig, torch.Device device,
        int repetitions = 3, int perTaskLevel = Tasks.ExampleSets.EvaluationPerTaskLevel)
    {
        torch.manual_seed(0);
        using var model = new Gpt(modelConfig);
        model.to(device);
        var sets = Tasks.ExampleSets.Evaluation(perTaskLevel);
        var clock = Stopwatch.StartNew();
        using var evaluator = new Evaluator(sets, device);
        double encode = clock.Elapsed.TotalSeconds;
        evaluator.Evaluate(model);
        var times = new double[repetitions];
        for (int i = 0; i < repetitions; i++)
        {
            clock.Restart();
            evaluator.Evaluate(model);
            times[i] = clock.Elapsed.TotalSeconds;
        }
        Array.Sort(times);
        return (times[repetitions / 2], encode);
    }

    /// <summary>FLOP/s of an n × n float32 matmul (2n³ per product), best of several repetitions.</summary>
    public static double MatmulPeak(torch.Device device, int n = 2048, int repetitions = 10)
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.randn(n, n, device: device);
        var b = torch.randn(n, n, device: device);
        a.matmul(b).Dispose();
        double best = double.MaxValue;
        for (int i = 0; i < repetitions; i++)
        {
            var clock = Stopwatch.StartNew();
            using (var c = a.matmul(b)) c.sum().item<float>();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return 2.0 * n * n * (double)n / best;
    }
}
