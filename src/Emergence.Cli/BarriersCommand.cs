using System.CommandLine;
using Emergence.Analysis;
using Emergence.Storage;
using Emergence.Training;

namespace Emergence.Cli;

/// <summary><c>emergence barriers RUN</c>: loss barriers between consecutive saved checkpoints, stored in the run.</summary>
public static class BarriersCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("RUN") { Description = "Run folder (holding run.db and weights/)" };
        var points = new Option<int>("--points") { Description = $"α grid points from 0 to 1 (at least {LossBarrier.MinimumPoints})", DefaultValueFactory = _ => LossBarrier.MinimumPoints };
        var batchSize = new Option<int>("--batch-size") { Description = "training examples in the fixed batch", DefaultValueFactory = _ => CheckpointBarriers.DefaultBatchSize };
        var threads = new Option<int>("--threads") { Description = "CPU threads for libtorch", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("barriers", "Loss barriers along the straight line between consecutive saved checkpoints") { run, points, batchSize, threads };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            LossBarrier.Grid(parse.GetValue(points));
            if (parse.GetValue(batchSize) < 1) throw new ArgumentException($"--batch-size {parse.GetValue(batchSize)}: must be at least 1.");
            TorchRuntime.SetThreads(parse.GetValue(threads));
            var folder = new RunFolder(parse.GetValue(run)!);
            if (!folder.HasStore) throw new StoreException($"{folder.Path} holds no run store (run.db).");
            using var store = RunStore.Open(folder.StorePath);
            var config = TrainingConfig.FromJson(store.Meta("config") ?? throw new StoreException($"Run store {folder.StorePath} has no configuration."));
            var steps = RunFolder.StepsIn(folder.WeightsDirectory, ".safetensors").ToList();
            if (steps.Count < 2)
                throw new StoreException($"{folder.WeightsDirectory} holds {steps.Count} weights file(s); barriers need two consecutive checkpoints with saved weights (train with --save-weights all).");
            var done = store.Metrics(MetricNames.LossBarrier).Select(r => r.Step).ToHashSet();
            CheckpointBarriers.Compute(folder, config.Model, steps, done, parse.GetValue(points), parse.GetValue(batchSize), TorchSharp.torch.CPU, rows =>
            {
                store.RecordMetrics(rows);
                Console.WriteLine($"step {rows[0].Step}: barrier {rows[0].Value:G4} at α {rows[1].Value:0.00}");
            });
            Console.WriteLine($"loss barriers stored in {folder.StorePath}");
            return 0;
        }));
        return command;
    }
}
