using System.CommandLine;
using Emergence.Measures;
using Emergence.Models;
using Emergence.Storage;
using Emergence.Tasks;
using Emergence.Training;

namespace Emergence.Cli;

/// <summary><c>emergence train</c>: one training run into a run folder.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model size: nano, micro, small, medium, large, or custom:LAYERSxDMODELxHEADS", DefaultValueFactory = _ => "nano" };
        var steps = new Option<long?>("--steps") { Description = "Optimisation steps (default: 100000 for nano..small, 200000 for medium, large)" };
        var seed = new Option<int>("--seed") { Description = "Seed for initialisation and training data", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out") { Description = "Run folder (created; must be empty unless --resume)", Required = true };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its last checkpoint" };
        var runtime = new RuntimeOptions();
        var lr = new Option<double?>("--lr") { Description = "Peak learning rate (default: 3e-4 for nano..small, 1e-4 for medium, large)" };
        var batch = new Option<int>("--batch") { Description = "Batch size", DefaultValueFactory = _ => 64 };
        var warmup = new Option<long?>("--warmup") { Description = "Warmup steps (default: 1000, or a tenth of a shorter run)" };
        var every = new Option<long>("--checkpoint-every") { Description = "Uniform checkpoint spacing instead of the paper's schedule (0 = paper)", DefaultValueFactory = _ => 0 };
        var dense = new Option<bool>("--dense-early") { Description = "Extra checkpoints every 10 steps over the first 300" };
        var evalSize = new Option<int>("--eval-per-task-level") { Description = "Evaluation examples per task-level", DefaultValueFactory = _ => 1000 };
        var tasks = new Option<string>("--tasks") { Description = "Comma-separated task-levels to train on (e.g. COPY_L1,REV_L1); default all 24", DefaultValueFactory = _ => "all" };
        var weights = new Option<string>("--save-weights") { Description = "Checkpoints whose weights are kept: all, last or none", DefaultValueFactory = _ => "all" };

        var measureOptions = new MeasureOptions("none");
        var command = new Command("train", "Train one model on all 24 task-levels, evaluating at every checkpoint")
        {
            model, steps, seed, output, resume, runtime.Threads, runtime.Device, lr, batch, warmup, every, dense, evalSize, tasks, weights,
        };
        foreach (var option in measureOptions.All) command.Options.Add(option);
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var baseConfig = TrainingConfig.Paper(GptConfig.Parse(parse.GetValue(model)!), parse.GetValue(steps),
                parse.GetValue(seed), parse.GetValue(lr), parse.GetValue(batch));
            long warmupSteps = parse.GetValue(warmup) ?? baseConfig.WarmupSteps;
            if (warmupSteps <= 0) throw new ArgumentException($"Warmup must be a positive number of steps (got {warmupSteps}).");
            long checkpointEvery = parse.GetValue(every);
            if (checkpointEvery < 0) throw new ArgumentException($"--checkpoint-every must be 0 (paper schedule) or positive (got {checkpointEvery}).");
            int evalPerTaskLevel = parse.GetValue(evalSize);
            if (evalPerTaskLevel <= 0) throw new ArgumentException($"--eval-per-task-level must be positive (got {evalPerTaskLevel}).");
            var config = baseConfig with
            {
                WarmupSteps = warmupSteps,
                Checkpoints = new CheckpointSchedule(parse.GetValue(dense), checkpointEvery),
                EvaluationPerTaskLevel = evalPerTaskLevel,
                SaveWeights = ParseWeightsPolicy(parse.GetValue(weights)!),
                TaskLevels = ParseTaskLevels(parse.GetValue(tasks)!),
            };
            int threadCount = parse.GetValue(runtime.Threads);
            var torchDevice = runtime.TorchDevice(parse);
            var folder = new RunFolder(parse.GetValue(output)!);
            using var cancel = RuntimeOptions.CancelOnCtrlC("stopping after this step; the last checkpoint stands (continue with --resume)");
            var selection = measureOptions.Selection(parse);
            using var measures = selection.Any
                ? new CheckpointMeasures(selection, torchDevice, measureOptions.Settings(parse), config.Checkpoints.Steps(config.Steps))
                : null;
            TrainingProgress.Run(observer =>
                new Trainer(config, folder, torchDevice, threadCount, observer, measures: measures).Run(parse.GetValue(resume), cancel.Token));
            Console.WriteLine(cancel.IsCancellationRequested ? $"stopped; continue with --resume --out {folder.Path}" : $"run stored in {folder.StorePath}");
            return cancel.IsCancellationRequested ? 130 : 0;
        }));
        return command;
    }

    private static IReadOnlyList<string> ParseTaskLevels(string text) =>
        text.Trim().Equals("all", StringComparison.OrdinalIgnoreCase)
            ? [.. TaskLevel.All.Select(t => t.Name)]
            : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: > 0 } names
                ? [.. names.Select(t => TaskLevel.Parse(t).Name).Distinct()]
                : throw new ArgumentException($"--tasks '{text}' names no task-level (e.g. COPY_L1,REV_L1 or all).");

    private static WeightsPolicy ParseWeightsPolicy(string text) => text.Trim().ToLowerInvariant() switch
    {
        "all" => WeightsPolicy.All,
        "last" => WeightsPolicy.Last,
        "none" => WeightsPolicy.None,
        _ => throw new ArgumentException($"Unknown --save-weights '{text}' (allowed: all, last, none)."),
    };
}
