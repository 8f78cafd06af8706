using System.CommandLine;
using System.Diagnostics;
using Emergence.Measures;
using Emergence.Models;
using Emergence.Storage;
using Emergence.Training;
using TorchSharp;

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
        var loopLevels = new Option<int>("--looped-task-levels") { Description = "Task-levels timed with the looped per-example gradients (extrapolated to 24)", DefaultValueFactory = _ => 2 };
        var command = new Command("measures", "Seconds per checkpoint of each geometric measure (paper settings) next to the paper's GPU costs") { model, runtime.Threads, loopLevels };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var config = GptConfig.Parse(parse.GetValue(model)!);
            runtime.ApplyThreads(parse);
            int looped = Math.Clamp(parse.GetValue(loopLevels), 1, 24);
            torch.manual_seed(0);
            using var gpt = new Gpt(config);
            gpt.train();
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {parse.GetValue(runtime.Threads)} threads, libtorch {TorchRuntime.LibTorchVersion}; " +
                              $"model {config.Name} ({config.ParameterCount():N0} parameters, initial weights)");
            var settings = new MeasureSettings();
            Console.WriteLine($"settings: RankMe/Fisher/gradcov on 24 x {settings.DiagnosticPerTaskLevel} diagnostic examples; " +
                              $"LLC {settings.Llc.Preset}: {settings.Llc.Chains} chains x {settings.Llc.BurnIn + settings.Llc.Draws} steps, batch {settings.Llc.BatchSize}; " +
                              $"Hessian top-{settings.Hessian.TopK} Lanczos + power + {settings.Hessian.TraceProbes} Hutchinson probes, batch {settings.Hessian.BatchSize}");
            using var measures = new CheckpointMeasures(new MeasureSelection(MeasureSelection.All.ToHashSet(), new Dictionary<MeasureKind, int>()), torch.CPU, settings);
            measures.Measure(0, gpt, new HashSet<MeasureKind> { MeasureKind.RankMe });   // warm-up, builds the diagnostic set
            Console.WriteLine("| measure | seconds per checkpoint (this machine) | paper (GPU) | ratio |");
            Console.WriteLine("|---|---|---|---|");
            foreach (var kind in MeasureSelection.All)
            {
                var rows = measures.Measure(0, gpt, new HashSet<MeasureKind> { kind });
                double seconds = rows.Single(r => r.Name == MetricNames.CostSeconds(MeasureSelection.NameOf(kind))).Value;
                double paper = PaperSeconds[kind];
                Console.WriteLine($"| {MeasureSelection.NameOf(kind)} | {seconds:F1} | {paper:F0} | {seconds / paper:F2}x |");
            }

            // LLC: one SGLD step against the forward and backward pass inside it.
            var llc = settings.Llc with { Chains = 1, Draws = 20, BurnIn = 0 };
            double sgldStep = Time(() => Llc.Estimate(gpt, llc)) / llc.Draws;
            double passOnly = Time(() =>
            {
                for (int i = 0; i < llc.Draws; i++)
                {
                    using var s = torch.NewDisposeScope();
                    var batch = Emergence.Tasks.TokenBatch.Encode(Emergence.Tasks.ExampleSets.TrainingBatch(llc.Seed, i, llc.BatchSize), torch.CPU);
                    _ = torch.autograd.grad([AnswerLoss.Compute(gpt.forward(batch.Inputs), batch)], [.. gpt.parameters()]);
                }
            }) / llc.Draws;
            Console.WriteLine($"LLC: {sgldStep * 1000:F0} ms per SGLD step, of which forward+backward on {llc.BatchSize} examples {passOnly * 1000:F0} ms");

            // Per-example gradients: one batched pass against one backward pass per example.
            var set = new DiagnosticSet(torch.CPU, settings.DiagnosticPerTaskLevel);
            double batched = Time(() => { foreach (var (_, _, batch) in set.Levels) { using var s = torch.NewDisposeScope(); _ = PerSampleGradients.Batched(gpt, batch); } });
            double loopSeconds = Time(() => { foreach (var (_, _, batch) in set.Levels.Take(looped)) { using var s = torch.NewDisposeScope(); _ = PerSampleGradients.Looped(gpt, batch); } });
            double loopedAll = loopSeconds * set.Levels.Count / looped;
            set.Dispose();
            Console.WriteLine($"per-example gradients, 24 x {settings.DiagnosticPerTaskLevel} examples: batched {batched:F1} s, looped {loopedAll:F1} s " +
                              $"(timed on {looped} task-levels, scaled to 24), speed-up {loopedAll / batched:F1}x");
            return 0;
        }));
        return command;
    }

    private static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    }
}
