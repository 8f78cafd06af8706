using System.CommandLine;
using System.Diagnostics;
using Emergence.Study;
using Emergence.Training;

namespace Emergence.Cli;

/// <summary>
/// <c>emergence study</c>: every run of a preset (sizes x seeds) with its measures, then the
/// analysis and the report, into one study folder; rerunning continues where it stopped.
/// Also <c>emergence report DIR</c> and the internal <c>study-run DIR RUN</c> used by <c>--jobs</c>.
/// </summary>
public static class StudyCommand
{
    public static IEnumerable<Command> Create() => [Study(), Report(), StudyRun()];

    private static Command Study()
    {
        var preset = new Option<string>("--preset") { Description = "quick (demonstration, minutes), nano (the paper's protocol for nano, hours) or paper (all five sizes)", DefaultValueFactory = _ => "quick" };
        var sizes = new Option<string?>("--sizes") { Description = "Comma-separated model sizes (default: the preset's)" };
        var seeds = new Option<string?>("--seeds") { Description = "Comma-separated seeds, e.g. 0,1,2 (default: 0)" };
        var output = new Option<string?>("--out") { Description = "Study folder (default: runs/<preset>)" };
        var jobs = new Option<int>("--jobs") { Description = "Runs trained at once, each in its own process", DefaultValueFactory = _ => 1 };
        var shard = new Option<string>("--shard") { Description = "Run only part i of n of the study's runs, e.g. 2/4", DefaultValueFactory = _ => "1/1" };
        var reportOnly = new Option<string?>("--report-only") { Description = "Analyse and report an existing study folder whose runs are complete" };
        var runtime = new RuntimeOptions("CPU threads in all");
        var command = new Command("study", "Train, measure, analyse and report a whole study (the main job)")
        {
            preset, sizes, seeds, output, jobs, shard, reportOnly, runtime.Threads, runtime.Device,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            if (parse.GetValue(reportOnly) is { } existing) return WriteReport(existing);
            var clock = Stopwatch.StartNew();
            var presetName = parse.GetValue(preset)!;
            var definition = StudyPresets.Build(presetName, ParseList(parse.GetValue(sizes), "--sizes", s => s),
                ParseList(parse.GetValue(seeds), "--seeds", s => int.TryParse(s, out var v) ? v : throw new FormatException()));
            int jobCount = parse.GetValue(jobs);
            if (jobCount <= 0) throw new ArgumentException($"--jobs must be a positive integer (got {jobCount}).");
            int threadCount = parse.GetValue(runtime.Threads);
            if (threadCount <= 0) throw new ArgumentException($"Threads must be a positive integer (got {threadCount}).");
            var part = StudyShard.Parse(parse.GetValue(shard)!);
            var torchDevice = runtime.TorchDevice(parse);
            var folder = new StudyFolder(parse.GetValue(output) ?? Path.Combine("runs", definition.Preset));
            definition = folder.Prepare(definition);

            var mine = part.Select(definition.Runs);
            Console.WriteLine($"study {folder.Path}: preset {definition.Preset}, {definition.Runs.Count} run(s)" + (part.Count > 1 ? $", shard {part} with {mine.Count}" : ""));
            foreach (var run in mine) Console.WriteLine($"  {RunProgress.Of(folder, run)}");

            using var cancel = RuntimeOptions.CancelOnCtrlC(StopMessage);
            if (jobCount == 1)
                foreach (var run in mine)
                {
                    if (cancel.IsCancellationRequested) break;
                    TrainingProgress.Run(observer => StudyRunner.RunInProcess(folder, run, torchDevice, threadCount, observer, cancel.Token));
                }
            else
                StudyRunner.RunInChildren(folder, mine, jobCount, threadCount, parse.GetValue(runtime.Device)!, Console.WriteLine, cancel.Token);
            if (cancel.IsCancellationRequested)
            {
                Console.WriteLine($"stopped; rerun the same command to continue");
                return 130;
            }
            if (definition.Runs.Any(r => !RunProgress.Of(folder, r).Complete))
            {
                Console.WriteLine($"shard {part} done; when every shard is done: emergence study --report-only {folder.Path}");
                return 0;
            }
            var code = WriteReport(folder.Path);
            Console.WriteLine($"study finished in {clock.Elapsed:hh\\:mm\\:ss}");
            return code;
        }));
        return command;
    }

    private static Command Report()
    {
        var dir = new Argument<string>("study") { Description = "Study folder (holding study.json)" };
        var command = new Command("report", "Regenerate a study's analysis and report from its stores, without recomputation") { dir };
        command.SetAction(parse => CliErrors.Run(() => WriteReport(parse.GetValue(dir)!)));
        return command;
    }

    private static Command StudyRun()
    {
        var dir = new Argument<string>("study") { Description = "Study folder" };
        var name = new Argument<string>("run") { Description = "Run name, e.g. nano-s0" };
        var runtime = new RuntimeOptions();
        var command = new Command("study-run", "Train one run of a study (used by study --jobs)") { dir, name, runtime.Threads, runtime.Device };
        command.Hidden = true;
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var folder = new StudyFolder(parse.GetValue(dir)!);
            var definition = folder.Load() ?? throw new ArgumentException($"No study.json in {folder.Path}.");
            var run = definition.Run(parse.GetValue(name)!);
            using var cancel = RuntimeOptions.CancelOnCtrlC(StopMessage);
            TrainingProgress.Run(observer => StudyRunner.RunInProcess(folder, run, runtime.TorchDevice(parse),
                parse.GetValue(runtime.Threads), observer, cancel.Token));
            return cancel.IsCancellationRequested ? 130 : 0;
        }));
        return command;
    }

    private static int WriteReport(string path)
    {
        var folder = new StudyFolder(path);
        var definition = folder.Load() ?? throw new ArgumentException($"No study.json in {folder.Path}: not a study folder.");
        var output = StudyReport.Write(folder, definition);
        Console.WriteLine($"report: {output.IndexPath} ({output.Figures.Count} figures; tables {output.TablesPath})");
        return 0;
    }

    private static IReadOnlyList<T>? ParseList<T>(string? text, string option, Func<string, T> parse)
    {
        if (text is null) return null;
        var items = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        try
        {
            if (items.Length == 0) throw new FormatException();
            return [.. items.Select(parse)];
        }
        catch (FormatException)
        {
            throw new ArgumentException($"Bad {option} '{text}' (expected a comma-separated list, e.g. {(option == "--seeds" ? "0,1,2" : "nano,micro")}).");
        }
    }

    private const string StopMessage = "stopping after this step; rerun the same command to continue";
}
