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
        var preset = new Option<string>("--preset") { Description = "quick (demonstration, minutes), nano (the paper's protocol for nano, hours), reproduction (nano, seeds 0-2, Hessian and LLC every 5th checkpoint), reproduction-micro (micro, seed 0, RankMe at every checkpoint), paper (the five sizes) or paper6 (adds xlarge)", DefaultValueFactory = _ => "quick" };
        var sizes = new Option<string?>("--sizes") { Description = "Comma-separated model sizes (default: the preset's)" };
        var seeds = new Option<string?>("--seeds") { Description = "Comma-separated seeds, e.g. 0,1,2 (default: 0)" };
        var output = new Option<string?>("--out") { Description = "Study folder (default: runs/<preset>)" };
        var jobs = new Option<int>("--jobs") { Description = "Runs trained at once, each in its own process", DefaultValueFactory = _ => 1 };
        var shard = new Option<string>("--shard") { Description = "Run only part i of n of the study's runs, e.g. 2/4", DefaultValueFactory = _ => "1/1" };
        var reportOnly = new Option<string?>("--report-only") { Description = "Analyse and report an existing study folder whose runs are complete (with --interim: whatever is stored), without training" };
        var interim = InterimOption();
        var runtime = new RuntimeOptions("CPU threads in all");
        var forceThreads = ForceThreadsOption();
        var tensorboard = TensorBoardOption.Create("Folder for TensorBoard event files, one subfolder per run, mirroring losses, accuracies and every measure");
        var stopAt = StopAtOption.Create();
        var slurm = new SlurmCliOptions();
        var command = new Command("study", "Train, measure, analyse and report a whole study (the main job)")
        {
            preset, sizes, seeds, output, jobs, shard, reportOnly, interim, runtime.Threads, runtime.Device, forceThreads, tensorboard, stopAt,
        };
        foreach (var option in slurm.All) command.Options.Add(option);
        command.SetAction(parse => CliErrors.Run(() =>
        {
            if (parse.GetValue(reportOnly) is { } existing) return WriteReport(OptionLimits.Folder("--report-only", existing), parse.GetValue(interim));
            if (parse.GetValue(interim)) throw new ArgumentException("--interim is an option of --report-only (the report of a study folder without training); add --report-only DIR.");
            if (parse.GetValue(slurm.Status) is { } submitted) return SlurmCliOptions.PrintStatus(OptionLimits.Folder("--slurm-status", submitted));
            var clock = Stopwatch.StartNew();
            var presetName = parse.GetValue(preset)!;
            var definition = StudyPresets.Build(presetName, ParseList(parse.GetValue(sizes), "--sizes", s => s),
                ParseList(parse.GetValue(seeds), "--seeds", s => int.TryParse(s, out var v) ? v : throw new FormatException()));
            int jobCount = OptionLimits.InRange("--jobs", parse.GetValue(jobs), 1, OptionLimits.MaxJobs);
            int threadCount = OptionLimits.InRange("--threads", parse.GetValue(runtime.Threads), 1, OptionLimits.MaxThreads);
            var part = StudyShard.Parse(parse.GetValue(shard)!);
            var torchDevice = runtime.TorchDevice(parse);
            var folder = new StudyFolder(parse.GetValue(output) is { } chosen ? OptionLimits.Folder("--out", chosen) : Path.Combine("runs", definition.Preset));
            var mirror = TensorBoardOption.Folder(parse, tensorboard);
            long? stopStep = StopAtOption.Value(parse, stopAt);
            if (parse.GetValue(slurm.Slurm))
            {
                var slurmOptions = slurm.Check(parse, part, folder);
                folder.Prepare(definition, write: false);
                using var submitting = folder.Lock();
                return SlurmCliOptions.Submit(folder, folder.Prepare(definition), StudyArguments(parse, presetName, sizes, seeds, runtime, forceThreads, mirror, stopStep), slurmOptions);
            }
            slurm.RefuseWithoutSlurm(parse);
            int atOnce = Math.Min(jobCount, definition.Runs.Count);
            MemoryEstimate.Check(atOnce * definition.Runs.Max(r => MemoryEstimate.TrainingBytes(r.Training)), MemoryEstimate.AvailableBytes(),
                $"This study ({atOnce} run(s) at once with --jobs {jobCount})");
            folder.Prepare(definition, write: false); // a folder that does not fit is refused before the lock file is made
            // The shards of an existing study run at once (a cluster's array job), each run under its own lock.
            bool concurrentShard = part.Count > 1 && folder.Load() is not null;
            using var writer = concurrentShard ? null : folder.Lock();
            definition = folder.Prepare(definition);
            StudyCommandLog.Append(folder, Environment.GetCommandLineArgs().Skip(1), DateTime.UtcNow);

            var mine = part.Select(definition.Runs);
            Console.WriteLine($"study {folder.Path}: preset {definition.Preset}, {definition.Runs.Count} run(s)" + (part.Count > 1 ? $", shard {part} with {mine.Count}" : ""));
            foreach (var run in mine) Console.WriteLine($"  {RunProgress.Of(folder, run)}");

            using var cancel = new StopRequest(StopMessage);
            if (jobCount == 1)
                foreach (var run in mine)
                {
                    if (cancel.IsCancellationRequested) break;
                    TrainingProgress.Run(observer => StudyRunner.RunInProcess(folder, run, torchDevice, threadCount,
                        TensorBoardOption.Wrap(observer, mirror is null ? null : Path.Combine(mirror, run.Name), folder.Run(run.Name)), cancel.Token, parse.GetValue(forceThreads), stopStep));
                }
            else
            {
                var restarts = new RunRestarts(new HashSet<int> { CliErrors.BadInput, CliErrors.Diverged, CliErrors.Stopped });
                StudyRunner.RunInChildren(folder, mine, jobCount, threadCount,
                    (run, threads) => ChildArguments(folder, run, threads, parse.GetValue(runtime.Device)!, parse.GetValue(forceThreads), mirror, stopStep), Console.WriteLine,
                    restarts, cancel.Token);
                if (restarts.All.Count > 0)
                    Console.WriteLine($"runs started again after a failure: {string.Join(", ", restarts.All.Select(r => $"{r.Run} ({r.Restarts}x)"))}");
            }
            if (cancel.IsCancellationRequested)
            {
                Console.WriteLine($"stopped; rerun the same command to continue");
                return CliErrors.Stopped;
            }
            if (stopStep is long step && mine.Any(r => !RunProgress.Of(folder, r).Complete))
            {
                Console.WriteLine(StopAtOption.Stopped(step, "rerun without it to continue"));
                return 0;
            }
            if (concurrentShard || definition.Runs.Any(r => !RunProgress.Of(folder, r).Complete))
            {
                Console.WriteLine($"shard {part} done; when every shard is done: emergence study --report-only {folder.Path}");
                return 0;
            }
            var code = WriteReport(folder);
            Console.WriteLine($"study finished in {clock.Elapsed:hh\\:mm\\:ss}");
            return code;
        }));
        return command;
    }

    private static Command Report()
    {
        var dir = new Argument<string>("study") { Description = "Study folder (holding study.json)" };
        var interim = InterimOption();
        var command = new Command("report", "Regenerate a study's analysis and report from its stores, without recomputation") { dir, interim };
        command.SetAction(parse => CliErrors.Run(() => WriteReport(OptionLimits.Folder("study", parse.GetValue(dir)), parse.GetValue(interim))));
        return command;
    }

    private static Command StudyRun()
    {
        var dir = new Argument<string>("study") { Description = "Study folder" };
        var name = new Argument<string>("run") { Description = "Run name, e.g. nano-s0" };
        var runtime = new RuntimeOptions();
        var forceThreads = ForceThreadsOption();
        var exitWithParent = new Option<bool>(StudyRunner.ExitWithParentOption) { Description = "End when standard input (a pipe from the parent) closes" };
        var tensorboard = TensorBoardOption.Create("Folder for this run's TensorBoard event files");
        var stopAt = StopAtOption.Create();
        var command = new Command(StudyRunVerb, "Train one run of a study (used by study --jobs)") { dir, name, runtime.Threads, runtime.Device, forceThreads, exitWithParent, tensorboard, stopAt };
        command.Hidden = true;
        command.SetAction(parse => CliErrors.Run(() =>
        {
            if (parse.GetValue(exitWithParent)) ParentWatch.Start();
            var folder = new StudyFolder(parse.GetValue(dir)!);
            var definition = folder.Load() ?? throw new ArgumentException($"No study.json in {folder.Path}.");
            var run = definition.Run(parse.GetValue(name)!);
            using var cancel = new StopRequest(StopMessage);
            var mirror = TensorBoardOption.Folder(parse, tensorboard);
            TrainingProgress.Run(observer => StudyRunner.RunInProcess(folder, run, runtime.TorchDevice(parse),
                parse.GetValue(runtime.Threads), TensorBoardOption.Wrap(observer, mirror, folder.Run(run.Name)), cancel.Token, parse.GetValue(forceThreads),
                StopAtOption.Value(parse, stopAt)));
            return cancel.IsCancellationRequested ? CliErrors.Stopped : 0;
        }));
        return command;
    }

    /// <summary>The <c>study-run</c> command line of a child process that trains <paramref name="run"/>.</summary>
    private static IEnumerable<string> ChildArguments(StudyFolder folder, StudyRun run, int threads, string device, bool forceThreads, string? tensorboard, long? stopAt) =>
        [StudyRunVerb, folder.Path, run.Name, "--threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture), "--device", device,
         StudyRunner.ExitWithParentOption, .. forceThreads ? ["--force-threads"] : Array.Empty<string>(),
         .. tensorboard is null ? Array.Empty<string>() : ["--tensorboard", Path.Combine(tensorboard, run.Name)],
         .. stopAt is long step ? [StopAtOption.Name, step.ToString(System.Globalization.CultureInfo.InvariantCulture)] : Array.Empty<string>()];
    /// <summary>The options that define the study, given again to each shard of a Slurm array job.</summary>
    private static List<string> StudyArguments(ParseResult parse, string preset, Option<string?> sizes, Option<string?> seeds,
        RuntimeOptions runtime, Option<bool> forceThreads, string? tensorboard, long? stopAt)
    {
        var arguments = new List<string> { "--preset", preset, "--device", parse.GetValue(runtime.Device)! };
        if (parse.GetValue(sizes) is { } s) arguments.AddRange(["--sizes", s]);
        if (parse.GetValue(seeds) is { } n) arguments.AddRange(["--seeds", n]);
        if (parse.GetValue(forceThreads)) arguments.Add("--force-threads");
        if (tensorboard is not null) arguments.AddRange(["--tensorboard", tensorboard]);
        if (stopAt is long step) arguments.AddRange([StopAtOption.Name, step.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        return arguments;
    }

    private static Option<bool> ForceThreadsOption() => new("--force-threads")
    {
        Description = "Continue started runs with another thread count than they began with (their numbers then differ; the change is recorded)",
    };

    private static Option<bool> InterimOption() => new("--interim")
    {
        Description = "Report a study whose runs are not all complete from what is stored, marked interim at the top of every file (never trains)",
    };

    private static int WriteReport(string path, bool interim)
    {
        var folder = new StudyFolder(path);
        if (folder.Load() is null) throw new ArgumentException($"No study.json in {folder.Path}: not a study folder.");
        using var writer = folder.Lock();
        return WriteReport(folder, interim);
    }

    /// <summary>Writes the report of a study folder this process holds the lock of.</summary>
    private static int WriteReport(StudyFolder folder, bool interim = false)
    {
        var definition = folder.Load() ?? throw new ArgumentException($"No study.json in {folder.Path}: not a study folder.");
        var clock = Stopwatch.StartNew();
        var output = StudyReport.Write(folder, definition, interim: interim);
        var status = StudyProvenance.Read(folder, definition);
        if (status.InterimNotice is { } notice) Console.WriteLine(notice);
        Console.WriteLine($"{(status.Interim ? "interim report" : "report")}: {output.IndexPath} ({output.Figures.Count} figures; tables {output.TablesPath}; written in {clock.Elapsed.TotalSeconds:0.0} s)");
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

    /// <summary>The hidden command a study's child process runs.</summary>
    private const string StudyRunVerb = "study-run";
}
