using System.Diagnostics;
using Emergence.Models;
using TorchSharp;

namespace Emergence.Training;

/// <summary>Throughput of the training step of one model size.</summary>
/// <param name="ModelFlopsPerSecond">3 × forward FLOPs (<see cref="GptConfig.ForwardFlopsPerToken"/>) × tokens / s.</param>
public sealed record TrainingThroughput(string Model, long Parameters, int BatchSize, double MeanSequenceLength,
    double StepsPerSecond, double TokensPerSecond, double ModelFlopsPerSecond);

/// <summary>
/// Measures the real training step (the same <see cref="OptimisationStep"/> the trainer runs,
/// batches drawn as in training) and the machine's float32 matrix-multiply rate through the
/// same libtorch, for the ratio achieved / peak.
/// </summary>
public static class TrainingBenchmark
{
    public static TrainingThroughput MeasureTraining(GptConfig modelConfig, torch.Device device, int steps, int warmupSteps = 3, int batchSize = 64)
    {
        var config = TrainingConfig.Paper(modelConfig, steps: 100_000, batchSize: batchSize);
        torch.manual_seed(0);
        using var model = new Gpt(modelConfig);
        model.to(device);
        model.train();
        using var stepper = new OptimisationStep(config, model, device);
        for (int s = 1; s <= warmupSteps; s++) stepper.Run(s);
        long tokens = 0;
        double flops = 0;
        var clock = Stopwatch.StartNew();
        for (int s = warmupSteps + 1; s <= warmupSteps + steps; s++)
        {
            var (_, batchTokens) = stepper.Run(s);
            tokens += batchTokens;
            int length = (int)(batchTokens / batchSize);
            flops += 3 * modelConfig.ForwardFlopsPerToken(length) * batchTokens;
        }
        double seconds = clock.Elapsed.TotalSeconds;
        return new TrainingThroughput(modelConfig.Name, modelConfig.ParameterCount(), batchSize,
            tokens / (double)(steps * batchSize), steps / seconds, tokens / seconds, flops / seconds);
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
