using System.CommandLine;
using Emergence.Pythia.SweepAnalysis;

namespace Emergence.Cli;

/// <summary>
/// <c>emergence pythia-analyze RUN... --out DIR [--grid 100] [--max-lag 20] [--threshold 0.3]
/// [--null-replicates 200] [--gp-noise 1e-6] [--random-seed N]</c>: collapse depth and timing, probe ordering across model
/// sizes and the GP-grid precursor test over Pythia sweeps, into results.json and tables.md.
/// </summary>
public static class PythiaAnalyzeCommand
{
    public static Command Create()
    {
        var defaults = new PythiaAnalysisOptions();
        var runs = new Argument<string[]>("runs") { Description = "Pythia run folders (holding run.db) or store files, one per model size", Arity = ArgumentArity.ZeroOrMore };
        var output = new Option<string>("--out") { Description = "Folder for results.json and tables.md", Required = true };
        var grid = new Option<int>("--grid") { Description = "Uniform grid points in log10(step + 1) for the GP interpolation", DefaultValueFactory = _ => defaults.GridPoints };
        var maxLag = new Option<int>("--max-lag") { Description = "Cross-correlation lags -N..N grid points", DefaultValueFactory = _ => defaults.MaxLag };
        var threshold = new Option<double>("--threshold") { Description = "Precursor: peak |r| must exceed this", DefaultValueFactory = _ => defaults.Threshold };
        var replicates = new Option<int>("--null-replicates") { Description = "Phase-randomised null replicates per probe set (0 = none)", DefaultValueFactory = _ => defaults.NullReplicates };
        var noise = new Option<double>("--gp-noise") { Description = "GP noise variance on the standardised series (fixed; default 1e-6 interpolates)", DefaultValueFactory = _ => defaults.Gp.NoiseVariance };
        var seed = new Option<int>("--random-seed") { Description = "Seed of the null draws", DefaultValueFactory = _ => defaults.RandomSeed };
        var command = new Command("pythia-analyze", "Collapse depth and timing, probe ordering across sizes and GP-grid precursors over Pythia sweeps")
        {
            runs, output, grid, maxLag, threshold, replicates, noise, seed,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var options = defaults with
            {
                GridPoints = parse.GetValue(grid),
                MaxLag = parse.GetValue(maxLag),
                Threshold = parse.GetValue(threshold),
                NullReplicates = parse.GetValue(replicates),
                RandomSeed = parse.GetValue(seed),
                Gp = defaults.Gp with { NoiseVariance = parse.GetValue(noise) },
            };
            var result = PythiaAnalyzer.Analyze(parse.GetValue(runs) ?? [], options);
            foreach (var run in result.Runs.Where(r => r.SkippedDuplicates.Count > 0))
                Console.Error.WriteLine($"{run.Label}: left out duplicate checkpoint(s) {string.Join(", ", run.SkippedDuplicates.Select(s => $"{s.Step} (= {s.DuplicateOf})"))}");
            foreach (var path in PythiaResultsWriter.Write(result, parse.GetValue(output)!))
                Console.WriteLine(path);
            return 0;
        }));
        return command;
    }
}
