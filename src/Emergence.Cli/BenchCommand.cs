using System.CommandLine;
using Emergence.Models;
using Emergence.Training;

namespace Emergence.Cli;

/// <summary><c>emergence bench train</c>: training throughput against the machine's matmul peak.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var models = new Option<string>("--models") { Description = "Comma-separated model sizes", DefaultValueFactory = _ => "nano,micro,small" };
        var steps = new Option<int>("--steps") { Description = "Timed steps per model", DefaultValueFactory = _ => 30 };
        var runtime = new RuntimeOptions();
        var train = new Command("train", "Steps/s, tokens/s and model GFLOP/s of the training step, and the float32 matmul peak") { models, steps, runtime.Threads, runtime.Device };
        train.SetAction(parse => CliErrors.Run(() =>
        {
            var configs = parse.GetValue(models)!.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(GptConfig.Parse).ToList();
            int n = parse.GetValue(steps);
            if (n <= 0) throw new ArgumentException($"--steps must be positive (got {n}).");
            var torchDevice = runtime.TorchDevice(parse);
            runtime.ApplyThreads(parse);
            double peak = TrainingBenchmark.MatmulPeak(torchDevice);
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {parse.GetValue(runtime.Threads)} threads, libtorch {TorchRuntime.LibTorchVersion}, " +
                              $"OMP_WAIT_POLICY={Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "(unset)"}");
            Console.WriteLine($"float32 matmul 2048^3 peak: {peak / 1e9:F1} GFLOP/s");
            Console.WriteLine("| model | params | batch | mean len | steps/s | tokens/s | model GFLOP/s | share of matmul peak |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|");
            foreach (var config in configs)
            {
                var r = TrainingBenchmark.MeasureTraining(config, torchDevice, n);
                Console.WriteLine($"| {r.Model} | {r.Parameters:N0} | {r.BatchSize} | {r.MeanSequenceLength:F1} | {r.StepsPerSecond:F2} | {r.TokensPerSecond:N0} | {r.ModelFlopsPerSecond / 1e9:F1} | {r.ModelFlopsPerSecond / peak:P0} |");
            }
            return 0;
        }));
        return new Command("bench", "Benchmarks of this machine") { train, MeasuresBench.Create() };
    }
}
