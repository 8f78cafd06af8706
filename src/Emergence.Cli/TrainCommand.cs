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
        var model = new Option<string>("--model") { Description = "Model size: nano, micro, small, medium, large, xlarge, or custom:LAYERSxDMODELxHEADS", DefaultValueFactory = _ => "nano" };
        var steps = new Option<long?>("--steps") { Description = "Optimisation steps (default: 100000 for nano..small, 200000 for medium, large, xlarge)" };
        var seed = new Option<int>("--seed") { Description = "Seed for initialisation and training data", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out") { Description = "Run folder (created; must be empty unless --resume)", Required = true };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its last checkpoint" };
        var runtime = new RuntimeOptions();
        var lr = new Option<double?>("--lr") { Description = "Peak learning rate (default: 3e-4 for nano..small, 1e-4 for medium, large)" };
        var batch = new Option<int>("--batch") { Description = "Batch size", DefaultValueFactory = _ => TrainingConfig.DefaultBatchSize };
        var warmup = new Option<long?>("--warmup") { Description = "Warmup steps (default: 1000, or a tenth of a shorter run)" };
        var every = new Option<long>("--checkpoint-every") { Description = "Uniform checkpoint spacing instead of the paper's schedule (0 = paper)", DefaultValueFactory = _ => 0 };
        var dense = new Option<bool>("--dense-early") { Description = "Extra checkpoints every 10 steps over the first 300" };
        var evalSize = new Option<int>("--eval-per-task-level") { Description = "Evaluation examples per task-level", DefaultValueFactory = _ => ExampleSets.EvaluationPerTaskLevel };
        var tasks = new Option<string>("--tasks") { Description = "Comma-separated task-levels to train on (e.g. COPY_L1,REV_L1); default all 24", DefaultValueFactory = _ => "all" };
        var weights = new Option<string>("--save-weights") { Description = "Checkpoints whose weights are kept: all, last or none", DefaultValueFactory = _ => "all" };
        var lossWeighting = new Option<string>("--loss-weighting") { Description = "How the training loss averages the answer tokens: tokens (a mean over every scored token of the batch) or examples (a mean over examples of each one's token mean)", DefaultValueFactory = _ => "tokens" };
        var tensorboard = TensorBoardOption.Create("Folder for TensorBoard event files mirroring the losses, accuracies and every measure");
        var stopAt = StopAtOption.Create();
        var forceThreads = new Option<bool>("--force-threads") { Description = "With --resume: continue with another --threads than the run's (numbers then differ from an uninterrupted run; the change is recorded)" };

        var measureOptions = new MeasureOptions("none");
        var command = new Command("train", "Train one model on all 24 task-levels, evaluating at every checkpoint")
        {
            model, steps, seed, output, resume, runtime.Threads, runtime.Device, lr, batch, warmup, every, dense, evalSize, tasks, weights, lossWeighting, forceThreads, tensorboard, stopAt,
        };
        foreach (var option in measureOptions.All) command.Options.Add(option);
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var config = Configure(parse, model, steps, seed, lr, batch, warmup, every, dense, evalSize, weights, tasks, lossWeighting);
            int threadCount = OptionLimits.InRange("--threads", parse.GetValue(runtime.Threads), 1, OptionLimits.MaxThreads);
            var torchDevice = runtime.TorchDevice(parse);
            var measureSettings = measureOptions.Settings(parse);
            var folder = new RunFolder(OptionLimits.Folder("--out", parse.GetValue(output)));
            var mirror = TensorBoardOption.Folder(parse, tensorboard);
            bool resuming = parse.GetValue(resume);
            long? stopStep = StopAtOption.Value(parse, stopAt);
            folder.CheckFits(resuming);
            MemoryEstimate.Check(config, $"This run (--model {config.Model.Name}, --batch {config.BatchSize}, --eval-per-task-level {config.EvaluationPerTaskLevel})");
            using var writer = folder.Lock();
            if (resuming) RunMetadata.CheckThreads(folder, threadCount, parse.GetValue(forceThreads));
            using var cancel = new StopRequest("stopping after this step; the last checkpoint stands (continue with --resume)");
            var selection = measureOptions.Selection(parse);
            using var measures = selection.Any
                ? new CheckpointMeasures(selection, torchDevice, measureSettings, config.Checkpoints.Steps(config.Steps))
                : null;
            TrainingProgress.Run(observer =>
                new Trainer(config, folder, torchDevice, threadCount, TensorBoardOption.Wrap(observer, mirror, folder), measures: measures).Run(resuming, cancel.Token, stopStep));
            Console.WriteLine(cancel.IsCancellationRequested ? $"stopped; continue with --resume --out {folder.Path}"
                : stopStep is long step && step < config.Steps ? StopAtOption.Stopped(step, $"continue with --resume --out {folder.Path}")
                : $"run stored in {folder.StorePath}");
            return cancel.IsCancellationRequested ? CliErrors.Stopped : 0;
        }));
        return command;
    }

    /// <summary>The run's configuration from the options, each checked against its range.</summary>
    private static TrainingConfig Configure(ParseResult parse, Option<string> model, Option<long?> steps, Option<int> seed, Option<double?> lr,
        Option<int> batch, Option<long?> warmup, Option<long> every, Option<bool> dense, Option<int> evalSize, Option<string> weights, Option<string> tasks, Option<string> lossWeighting)
    {
        long? requestedSteps = parse.GetValue(steps) is long n ? OptionLimits.InRange("--steps", n, 1, OptionLimits.MaxSteps) : null;
        var baseConfig = TrainingConfig.Paper(OptionLimits.Model(parse.GetValue(model)!), requestedSteps, parse.GetValue(seed), parse.GetValue(lr),
            OptionLimits.InRange("--batch", parse.GetValue(batch), 1, OptionLimits.MaxBatch));
        long total = baseConfig.Steps;
        return baseConfig with
        {
            WarmupSteps = parse.GetValue(warmup) is long w ? OptionLimits.InRange("--warmup", w, 1, total, "at most --steps") : baseConfig.WarmupSteps,
            Checkpoints = new CheckpointSchedule(parse.GetValue(dense),
                OptionLimits.InRange("--checkpoint-every", parse.GetValue(every), 0, total, "0 for the paper's schedule, at most --steps")),
            EvaluationPerTaskLevel = OptionLimits.InRange("--eval-per-task-level", parse.GetValue(evalSize), 1, OptionLimits.MaxEvaluationPerTaskLevel),
            SaveWeights = ParseWeightsPolicy(parse.GetValue(weights)!),
            TaskLevels = ParseTaskLevels(parse.GetValue(tasks)!),
            LossWeighting = ParseLossWeighting(parse.GetValue(lossWeighting)!),
        };
    }

    private static IReadOnlyList<string> ParseTaskLevels(string text) =>
        text.Trim().Equals("all", StringComparison.OrdinalIgnoreCase)
            ? [.. TaskLevel.All.Select(t => t.Name)]
            : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: > 0 } names
                ? [.. names.Select(t => TaskLevel.Parse(t).Name).Distinct()]
                : throw new ArgumentException($"--tasks '{text}' names no task-level (e.g. COPY_L1,REV_L1 or all).");

    private static LossWeighting ParseLossWeighting(string text) => text.Trim().ToLowerInvariant() switch
    {
        "tokens" => LossWeighting.Tokens,
        "examples" => LossWeighting.Examples,
        _ => throw new ArgumentException($"Unknown --loss-weighting '{text}' (allowed: tokens, examples)."),
    };

    private static WeightsPolicy ParseWeightsPolicy(string text) => text.Trim().ToLowerInvariant() switch
    {
        "all" => WeightsPolicy.All,
        "last" => WeightsPolicy.Last,
        "none" => WeightsPolicy.None,
        _ => throw new ArgumentException($"Unknown --save-weights '{text}' (allowed: all, last, none)."),
    };
}
