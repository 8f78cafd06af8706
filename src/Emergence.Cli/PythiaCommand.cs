using System.CommandLine;
using System.Globalization;
using Emergence.Pythia;
using Emergence.Pythia.Global;

namespace Emergence.Cli;

/// <summary>
/// <c>emergence pythia --model-dir DIR [--steps 0,1,2,4] [--probes a,b] [--general-text FILE]
/// [--max-tokens N] [--measures probes,params,hessian,slq,gradcov] [--probe-batch 8] [--curvature-layers all]
/// [--hessian-iterations 300] [--slq-starts 3] [--slq-steps 30] [--threads N] --out RUN</c>: measure RankMe and
/// behaviour, parameter statistics and the global curvature measures over Pythia checkpoints.
/// </summary>
public static class PythiaCommand
{
    public static Command Create()
    {
        var modelDir = new Option<string>("--model-dir") { Description = "A Hugging Face GPT-NeoX model folder, or a folder of step* checkpoint folders", Required = true };
        var steps = new Option<string?>("--steps") { Description = "Comma-separated steps to measure (default: all found)" };
        var probes = new Option<string?>("--probes") { Description = $"Comma-separated probe sets (default: all of {string.Join(", ", ProbeSet.BuiltInNames)})" };
        var generalText = new Option<string?>("--general-text") { Description = "Text file replacing the built-in general text (one sequence per line)" };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Cut general-text sequences to this many tokens", DefaultValueFactory = _ => PythiaSweepOptions.DefaultMaxTokens };
        var threads = new Option<int?>("--threads") { Description = "libtorch CPU threads (default: libtorch's choice)" };
        var output = new Option<string>("--out") { Description = "Run folder to create (run.db inside)", Required = true };
        var defaults = new PythiaGlobalOptions();
        var measures = new Option<string?>("--measures") { Description = "Comma-separated measures: probes, params, hessian, slq, gradcov, or all (default: probes,params)" };
        var probeBatch = new Option<int>("--probe-batch") { Description = "General-text sequences in the fixed batch of hessian, slq and gradcov", DefaultValueFactory = _ => defaults.ProbeBatchSize };
        var layers = new Option<string>("--curvature-layers") { Description = "Parameters of hessian, slq and gradcov: all, or layer groups (0 = embed_in, 1..L = blocks, L+1 = final norm and embed_out)", DefaultValueFactory = _ => defaults.CurvatureLayers };
        var iterations = new Option<int>("--hessian-iterations") { Description = "Lanczos iteration budget of the Hessian top-20", DefaultValueFactory = _ => defaults.Hessian.MaxLanczosIterations };
        var slqStarts = new Option<int>("--slq-starts") { Description = "Random starts of the spectral density", DefaultValueFactory = _ => defaults.SlqStarts };
        var slqSteps = new Option<int>("--slq-steps") { Description = "Lanczos steps per start of the spectral density", DefaultValueFactory = _ => defaults.SlqSteps };
        var command = new Command("pythia", "Measure task RankMe per layer and probe behaviour over Pythia (GPT-NeoX) checkpoints")
        {
            modelDir, steps, probes, generalText, maxTokens, threads, output, measures, probeBatch, layers, iterations, slqStarts, slqSteps,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            if (parse.GetValue(threads) is { } n) Emergence.Training.TorchRuntime.SetThreads(n);
            var options = new PythiaSweepOptions(
                parse.GetValue(modelDir)!,
                parse.GetValue(output)!,
                ParseSteps(parse.GetValue(steps)),
                parse.GetValue(generalText),
                parse.GetValue(probes)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                parse.GetValue(maxTokens),
                defaults with
                {
                    Measures = PythiaGlobalOptions.ParseMeasures(parse.GetValue(measures)),
                    ProbeBatchSize = parse.GetValue(probeBatch),
                    CurvatureLayers = parse.GetValue(layers)!,
                    Hessian = defaults.Hessian with { MaxLanczosIterations = parse.GetValue(iterations) },
                    SlqStarts = parse.GetValue(slqStarts),
                    SlqSteps = parse.GetValue(slqSteps),
                });
            var result = PythiaSweep.Run(options, message => Console.Error.WriteLine(message));
            foreach (var (step, original) in result.Duplicates)
                Console.Error.WriteLine($"warning: step {step} has the same weights as step {original}");
            Console.WriteLine(result.StorePath);
            return 0;
        }));
        return command;
    }

    private static long[]? ParseSteps(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s =>
            long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v
            : throw new ArgumentException($"--steps: '{s}' is not a step number."))];
    }
}
