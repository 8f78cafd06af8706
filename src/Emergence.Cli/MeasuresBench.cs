using System.CommandLine;
using System.Diagnostics;
using Emergence.Measures;
using Emergence.Models;
using Emergence.Storage;
using Emergence.Training;
using TorchSharp;
using static Emergence.Cli.Stopwatches;

namespace Emergence.Cli;

/// <summary><c>emergence bench measures</c>: cost per checkpoint of each measure with the paper's settings.</summary>
public static class MeasuresBench
{
    /// <summary>The paper's per-checkpoint costs on nano on its GPU (PROTOCOL §4).</summary>
    private static readonly Dictionary<MeasureKind, double> PaperSeconds = new()
    {
        [MeasureKind.RankMe] = 1, [MeasureKind.Fisher] = 85, [MeasureKind.Llc] = 11, [MeasureKind.Hessian] = 30, [MeasureKind.GradCov] = 15,
    };

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model size", DefaultValueFactory = _ => "nano" };
        var runtime = new RuntimeOptions();
        var loopLevels = new Option<int>("--looped-task-levels") { Description = "Task-levels timed with the looped per-example gradients (extrapolated to 24; 0 = skip)", DefaultValueFactory = _ => 2 };
        var which = new Option<string>("--measures") { Description = "Measures to time (rankme,fisher,llc,hessian,gradcov,probe or all: the five geometric ones)", DefaultValueFactory = _ => "all" };
        var repeats = new Option<int>("--repeats") { Description = "Timings per measure (each is printed, the table shows the fastest)", DefaultValueFactory = _ => 1 };
        var llcOnly = new Option<bool>("--llc-only") { Description = "Only the LLC timings and diagnostics" };
        var hessian = new HessianCliOptions();
        var command = new Command("measures", "Seconds per checkpoint of each geometric measure (paper settings) next to the paper's GPU costs") { model, runtime.Threads, loopLevels, which, repeats, llcOnly };
        foreach (var option in hessian.All) command.Options.Add(option);
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var config = GptConfig.Parse(parse.GetValue(model)!);
            runtime.ApplyThreads(parse);
            int looped = Math.Clamp(parse.GetValue(loopLevels), 0, 24);
            var kinds = MeasureSelection.ParseList(parse.GetValue(which));
            int repeat = parse.GetValue(repeats);
            if (repeat < 1) throw new ArgumentException($"--repeats must be at least 1, got {repeat}.");
            torch.manual_seed(0);
            using var gpt = new Gpt(config);
            gpt.train();
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {parse.GetValue(runtime.Threads)} threads, libtorch {TorchRuntime.LibTorchVersion}; " +
                              $"model {config.Name} ({config.ParameterCount():N0} parameters, initial weights)");
            var settings = new MeasureSettings { Hessian = hessian.Parse(parse) };
            Console.WriteLine($"settings: RankMe/Fisher/gradcov on 24 x {settings.DiagnosticPerTaskLevel} diagnostic examples; " +
                              $"LLC {settings.Llc.Preset}: {settings.Llc.Chains} chains x {settings.Llc.Steps} steps, batch {settings.Llc.BatchSize}, L(w*) on {settings.Llc.InitLossExamples} examples; " +
                              $"Hessian top-{settings.Hessian.TopK} by Lanczos to residual {settings.Hessian.LanczosTolerance:G} (budget {settings.Hessian.MaxLanczosIterations}) + power check + " +
                              $"trace to {settings.Hessian.TraceRelativeError:P0} standard error, batch {settings.Hessian.BatchSize}");
            if (parse.GetValue(llcOnly))
            {
                LlcBench.Report(gpt, settings.Llc);
                return 0;
            }
            using var measures = new CheckpointMeasures(new MeasureSelection(MeasureSelection.All.ToHashSet(), new Dictionary<MeasureKind, int>()), torch.CPU, settings);
            measures.Measure(0, gpt, new HashSet<MeasureKind> { MeasureKind.RankMe });   // warm-up, builds the diagnostic set
            // Fisher and gradcov come from the same per-example gradients: timed together, as a checkpoint runs them.
            var groups = new List<HashSet<MeasureKind>>();
            foreach (var kind in MeasureSelection.All.Where(kinds.Contains))
            {
                if (kind == MeasureKind.GradCov && groups.Find(g => g.Contains(MeasureKind.Fisher)) is { } shared) shared.Add(kind);
                else groups.Add([kind]);
            }
            var best = new Dictionary<MeasureKind, double>();
            for (int r = 0; r < repeat; r++)
                foreach (var group in groups)
                {
                    var clock = Stopwatch.StartNew();
                    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                    var rows = measures.Measure(0, gpt, group);
                    double total = clock.Elapsed.TotalSeconds, cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
                    foreach (var kind in group)
                    {
                        double seconds = rows.Single(row => row.Name == MetricNames.CostSeconds(MeasureSelection.NameOf(kind))).Value;
                        best[kind] = Math.Min(best.GetValueOrDefault(kind, double.PositiveInfinity), seconds);
                    }
                    // CPU seconds of the process: less sensitive than wall time to other processes' load.
                    Console.WriteLine($"timing {r + 1}: {string.Join("+", group.Select(MeasureSelection.NameOf))} {total:F2} s wall, {cpuSeconds:F2} s CPU");
                }
            Console.WriteLine("| measure | seconds per checkpoint (this machine) | paper (GPU) | ratio |");
            Console.WriteLine("|---|---|---|---|");
            foreach (var kind in MeasureSelection.All.Where(best.ContainsKey))
            {
                string shared = kind is MeasureKind.Fisher or MeasureKind.GradCov && best.ContainsKey(MeasureKind.Fisher) && best.ContainsKey(MeasureKind.GradCov)
                    ? " (half of fisher+gradcov)" : "";
                string paper = PaperSeconds.TryGetValue(kind, out var p) ? $"{p:F0} | {best[kind] / p:F2}x" : "- | -";
                Console.WriteLine($"| {MeasureSelection.NameOf(kind)}{shared} | {best[kind]:F2} | {paper} |");
            }

            if (kinds.Contains(MeasureKind.Hessian)) HessianBench.Run(gpt, settings.Hessian);
            if (kinds.Contains(MeasureKind.Llc)) LlcBench.Report(gpt, settings.Llc);
            if (looped > 0 && (kinds.Contains(MeasureKind.Fisher) || kinds.Contains(MeasureKind.GradCov))) PerExampleGradients(gpt, settings, looped);
            return 0;
        }));
        return command;
    }

    /// <summary>Per-example gradients: one batched pass against one backward pass per example.</summary>
    private static void PerExampleGradients(Gpt gpt, MeasureSettings settings, int looped)
    {
        var set = new DiagnosticSet(torch.CPU, settings.DiagnosticPerTaskLevel);
        double batched = Time(() => { foreach (var (_, _, batch) in set.Levels) { using var s = torch.NewDisposeScope(); _ = PerSampleGradients.Batched(gpt, batch); } });
        double loopSeconds = Time(() => { foreach (var (_, _, batch) in set.Levels.Take(looped)) { using var s = torch.NewDisposeScope(); _ = PerSampleGradients.Looped(gpt, batch); } });
        double loopedAll = loopSeconds * set.Levels.Count / looped;
        set.Dispose();
        Console.WriteLine($"per-example gradients, 24 x {settings.DiagnosticPerTaskLevel} examples: batched {batched:F1} s, looped {loopedAll:F1} s " +
                          $"(timed on {looped} task-levels, scaled to 24), speed-up {loopedAll / batched:F1}x");
    }
}
