using System.CommandLine;
using Emergence.Measures;
using Emergence.Models;
using Emergence.Storage;
using Emergence.Training;
using TorchSharp;

namespace Emergence.Cli;

/// <summary>
/// <c>emergence measure RUN</c>: computes geometric measures after training from the saved
/// weights (weights/step-*.safetensors), at every checkpoint or those <c>--steps</c> names,
/// skipping measures already stored for a checkpoint and committing each checkpoint's rows as
/// soon as they are computed.
/// </summary>
public static class MeasureCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("RUN") { Description = "Run folder (holding run.db and weights/)" };
        var options = new MeasureOptions("all");
        var runtime = new RuntimeOptions();
        var steps = new StepsOption();
        var command = new Command("measure", "Compute geometric measures of a stored run from its saved weights") { run, steps.Option, runtime.Threads, runtime.Device };
        foreach (var option in options.All) command.Options.Add(option);
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var selection = options.Selection(parse);
            var settings = options.Settings(parse);
            var torchDevice = runtime.TorchDevice(parse);
            runtime.ApplyThreads(parse);
            var folder = new RunFolder(parse.GetValue(run)!);
            using var store = RunStore.Open(folder.StorePath);
            var config = TrainingConfig.FromJson(store.Meta("config") ?? throw new StoreException($"Run store {folder.StorePath} has no configuration."));
            var plan = MeasurePlan.For(store, selection);
            if (steps.Ranges(parse, [.. store.Checkpoints().Select(c => c.Step)]) is { } ranges)
                plan = [.. plan.Where(p => ranges.Any(r => r.From <= p.Step && p.Step <= r.To))];
            foreach (var (step, _) in plan)
                if (!File.Exists(folder.WeightsFile(step)))
                    throw new StoreException($"Checkpoint {step} has no weights file {folder.WeightsFile(step)} (the run saved weights '{config.SaveWeights.ToString().ToLowerInvariant()}'); measures need saved weights.");
            if (plan.Count == 0)
            {
                Console.WriteLine("nothing to measure: every selected measure is stored for every checkpoint");
                return 0;
            }
            using var model = new Gpt(config.Model);
            model.to(torchDevice);
            using var measures = new CheckpointMeasures(selection, torchDevice, settings);
            foreach (var (step, kinds) in plan)
            {
                ModelWeights.Load(folder.WeightsFile(step), model);
                var rows = measures.Measure(step, model, kinds);
                store.RecordMetrics(rows);
                var costs = rows.Where(r => r.Name.StartsWith(MetricNames.CostSecondsPrefix)).Select(r => $"{r.Name[MetricNames.CostSecondsPrefix.Length..]} {r.Value:F1}s");
                Console.WriteLine($"step {step}: {rows.Count} values ({string.Join(", ", costs)})");
            }
            Console.WriteLine($"measures stored in {folder.StorePath}");
            return 0;
        }));
        return command;
    }
}
