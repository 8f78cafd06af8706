using System.CommandLine;
using Emergence.Cli;
using Emergence.Training;

TorchRuntime.PreferPassiveOpenMpWait();
TorchRuntime.LimitRetainedHeap();

var root = new RootCommand("Emergence: train small GPTs on algorithmic tasks, measure the geometry of their training, and find what comes before capability emergence.")
{
    TrainCommand.Create(),
    TasksCommand.Create(),
    ExportCommand.Create(),
    BenchCommand.Create(),
    PythiaCommand.Create(),
    PythiaAnalyzeCommand.Create(),
    AnalyzeCommand.Create(),
    MeasureCommand.Create(),
    BarriersCommand.Create(),
    StatusCommand.Create(),
};
foreach (var command in StudyCommand.Create()) root.Subcommands.Add(command);
return CliErrors.ParseAndInvoke(root, args);
