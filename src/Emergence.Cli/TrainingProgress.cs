using System.Diagnostics;
using Emergence.Tasks;
using Emergence.Training;
using Spectre.Console;

namespace Emergence.Cli;

/// <summary>
/// Shows training progress: step, loss, tokens/s, ETA and the latest accuracies, as a Spectre
/// progress bar on a terminal or as plain lines (every few seconds and at each checkpoint).
/// </summary>
public sealed class TrainingProgress : ITrainingObserver
{
    private readonly ProgressTask? _task;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Stopwatch _sinceLine = Stopwatch.StartNew();
    private long _firstStep, _total;
    private string _accuracies = "no checkpoint yet";

    private TrainingProgress(ProgressTask? task) => _task = task;

    public static void Run(Action<ITrainingObserver> train)
    {
        if (ConsoleMode.Plain)
        {
            train(new TrainingProgress(null));
            return;
        }
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx => train(new TrainingProgress(ctx.AddTask("training", maxValue: 1))));
    }

    public void Started(TrainingConfig config, long firstStep)
    {
        (_firstStep, _total) = (firstStep, config.Steps);
        var line = $"training {config.Model.Name} ({config.Model.ParameterCount():N0} parameters) for {config.Steps:N0} steps, seed {config.Seed}" +
                   (firstStep > 1 ? $", resuming at step {firstStep:N0}" : "");
        if (_task is null) Console.WriteLine(line);
        else
        {
            AnsiConsole.MarkupLine(Markup.Escape(line));
            _task.MaxValue = config.Steps;
            _task.Value = Math.Max(0, firstStep - 1);
        }
    }

    public void Stepped(long step, double loss, double learningRate, double tokensPerSecond)
    {
        double done = step - _firstStep + 1, rate = done / Math.Max(1e-9, _clock.Elapsed.TotalSeconds);
        var eta = TimeSpan.FromSeconds((_total - step) / Math.Max(1e-9, rate));
        var status = $"step {step:N0}/{_total:N0}  loss {loss:F4}  {tokensPerSecond:N0} tok/s  ETA {eta:hh\\:mm\\:ss}  {_accuracies}";
        if (_task is not null)
        {
            _task.Value = step;
            _task.Description = Markup.Escape(status);
        }
        else if (_sinceLine.Elapsed.TotalSeconds >= 10 || step == _total)
        {
            Console.WriteLine(status);
            _sinceLine.Restart();
        }
    }

    public void Checkpointed(long step, IReadOnlyList<TaskLevelResult> results)
    {
        double Mean(TaskClass c) => results.Where(r => r.TaskLevel.Task.Class() == c).Select(r => r.Accuracy).DefaultIfEmpty(double.NaN).Average();
        int above = results.Count(r => r.Accuracy > 0.1);
        _accuracies = $"acc easy {Mean(TaskClass.Easy):P0} hard {Mean(TaskClass.Hard):P0} ({above}/{results.Count} > 10%)";
        if (_task is null) Console.WriteLine($"checkpoint {step:N0}: {_accuracies}");
    }
}
