using System.CommandLine;
using Emergence.Measures;
using Emergence.Models;
using Emergence.Training;
using TorchSharp;

namespace Emergence.Cli;

/// <summary><c>emergence bench measures</c>: cost per checkpoint of each measure with the paper's settings.</summary>
public static class MeasuresBench
{
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
            var best = MeasureTimings.Fastest(gpt, settings, kinds, repeat, Console.WriteLine);
            Console.WriteLine("| measure | seconds per checkpoint (this machine) | paper (GPU) | ratio |");
            Console.WriteLine("|---|---|---|---|");
            foreach (var kind in MeasureSelection.All.Where(best.ContainsKey))
            {
                string shared = kind is MeasureKind.Fisher or MeasureKind.GradCov && best.ContainsKey(MeasureKind.Fisher) && best.ContainsKey(MeasureKind.GradCov)
                    ? " (half of fisher+gradcov)" : "";
                string paper = MeasureTimings.PaperSeconds.TryGetValue(kind, out var p) ? $"{p:F0} | {best[kind] / p:F2}x" : "- | -";
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
        var (batched, loopedAll) = MeasureTimings.PerExampleGradients(gpt, settings.DiagnosticPerTaskLevel, looped);
        Console.WriteLine($"per-example gradients, 24 x {settings.DiagnosticPerTaskLevel} examples: batched {batched:F1} s, looped {loopedAll:F1} s " +
                          $"(timed on {looped} task-levels, scaled to 24), speed-up {loopedAll / batched:F1}x");
    }
}
