using System.CommandLine;
using Emergence.Models;
using Emergence.Training;
using TorchSharp;

namespace Emergence.Cli;

/// <summary><c>emergence bench train</c>: training throughput against the machine's matmul peak.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var models = new Option<string>("--models") { Description = "Comma-separated model sizes", DefaultValueFactory = _ => "nano,micro,small" };
        var steps = new Option<int>("--steps") { Description = "Timed steps per model", DefaultValueFactory = _ => 30 };
        var runtime = new RuntimeOptions();
        var batching = new Option<string>("--batching") { Description = "packed (as training runs), padded (to the longest example), or both", DefaultValueFactory = _ => "packed" };
        var train = new Command("train", "Median step time, steps/s, tokens/s and model GFLOP/s of the training step, and the float32 matmul peak") { models, steps, runtime.Threads, runtime.Device, batching };
        train.SetAction(parse => CliErrors.Run(() =>
        {
            var configs = parse.GetValue(models)!.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(GptConfig.Parse).ToList();
            int n = parse.GetValue(steps);
            if (n <= 0) throw new ArgumentException($"--steps must be positive (got {n}).");
            var paths = parse.GetValue(batching) switch
            {
                "packed" => new[] { true },
                "padded" => [false],
                "both" => [true, false],
                var other => throw new ArgumentException($"Unknown --batching '{other}' (allowed: packed, padded, both)."),
            };
            var torchDevice = runtime.TorchDevice(parse);
            runtime.ApplyThreads(parse);
            double peak = TrainingBenchmark.MatmulPeak(torchDevice);
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {parse.GetValue(runtime.Threads)} threads, libtorch {TorchRuntime.LibTorchVersion}, " +
                              $"OMP_WAIT_POLICY={Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "(unset)"}");
            Console.WriteLine($"float32 matmul 2048^3 peak: {peak / 1e9:F1} GFLOP/s");
            Console.WriteLine("| model | params | batch | batching | padding | median step ms | steps/s | real tokens/s | model GFLOP/s | share of matmul peak |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
            foreach (var config in configs)
                foreach (var pack in paths)
                {
                    var r = TrainingBenchmark.MeasureTraining(config, torchDevice, n, pack);
                    Console.WriteLine($"| {r.Model} | {r.Parameters:N0} | {r.BatchSize} | {(r.Packed ? "packed" : "padded")} | {r.PaddingShare:P0} | {r.MedianStepSeconds * 1e3:F1} | " +
                                      $"{r.StepsPerSecond:F2} | {r.TokensPerSecond:N0} | {r.ModelFlopsPerSecond / 1e9:F1} | {r.ModelFlopsPerSecond / peak:P0} |");
                }
            return 0;
        }));
        return new Command("bench", "Benchmarks of this machine") { train, CreateEvaluation(), MeasuresBench.Create() };
    }

    private static Command CreateEvaluation()
    {
        var models = new Option<string>("--models") { Description = "Comma-separated model sizes", DefaultValueFactory = _ => "nano,micro" };
        var repetitions = new Option<int>("--repetitions") { Description = "Timed evaluations per model (the median is shown)", DefaultValueFactory = _ => 3 };
        var runtime = new RuntimeOptions();
        var eval = new Command("eval", "Seconds per checkpoint evaluation of the 24 x 1,000 evaluation set") { models, repetitions, runtime.Threads };
        eval.SetAction(parse => CliErrors.Run(() =>
        {
            var configs = parse.GetValue(models)!.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(GptConfig.Parse).ToList();
            int n = parse.GetValue(repetitions);
            if (n <= 0) throw new ArgumentException($"--repetitions must be positive (got {n}).");
            runtime.ApplyThreads(parse);
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {parse.GetValue(runtime.Threads)} threads, libtorch {TorchRuntime.LibTorchVersion}");
            Console.WriteLine("| model | evaluation s (median) | encoding the set once s |");
            Console.WriteLine("|---|---|---|");
            foreach (var config in configs)
            {
                var (evaluate, encode) = TrainingBenchmark.MeasureEvaluation(config, torch.CPU, n);
                Console.WriteLine($"| {config.Name} | {evaluate:F2} | {encode:F2} |");
            }
            return 0;
        }));
        return eval;
    }
}
