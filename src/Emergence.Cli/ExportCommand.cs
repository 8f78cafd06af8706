using System.CommandLine;
using Emergence.Storage;

namespace Emergence.Cli;

/// <summary><c>emergence export RUN --format csv|parquet --out DIR</c>.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "Run folder (holding run.db)" };
        var format = new Option<string>("--format") { Description = "csv or parquet", DefaultValueFactory = _ => "csv" };
        var output = new Option<string>("--out") { Description = "Folder for the tables", Required = true };
        var force = new Option<bool>("--force") { Description = "Overwrite tables already in --out" };
        var command = new Command("export", "Write a run's store as tidy tables (checkpoints, metrics, items, step_losses, meta)") { run, format, output, force };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var target = OptionLimits.Folder("--out", parse.GetValue(output));
            using var store = RunStore.Open(new RunFolder(OptionLimits.Folder("run", parse.GetValue(run))).StorePath, readOnly: true);
            foreach (var path in RunExporter.Export(store, target, parse.GetValue(format)!, parse.GetValue(force)))
                Console.WriteLine(path);
            return 0;
        }));
        return command;
    }
}
