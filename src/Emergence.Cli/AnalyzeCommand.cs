using System.CommandLine;
using Emergence.Analysis;

namespace Emergence.Cli;

/// <summary><c>emergence analyze RUN... --out DIR</c>: every analysis of PROTOCOL §5 into results.json and tables.md.</summary>
public static class AnalyzeCommand
{
    public static Command Create()
    {
        var defaults = new AnalysisOptions();
        var runs = new Argument<string[]>("runs") { Description = "Run folders (holding run.db) or store files", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "Folder for results.json and tables.md", Required = true };
        var accuracy = new Option<double>("--accuracy-threshold") { Description = "Emergence: accuracy must exceed this", DefaultValueFactory = _ => defaults.AccuracyThreshold };
        var consecutive = new Option<int>("--consecutive") { Description = "Emergence: for this many consecutive checkpoints", DefaultValueFactory = _ => defaults.ConsecutiveCheckpoints };
        var logprob = new Option<double>("--logprob-threshold") { Description = "Log-probability emergence: answer_logprob must exceed this (default ln 0.1)", DefaultValueFactory = _ => defaults.LogProbThreshold };
        var collapse = new Option<long>("--collapse-window") { Description = "Collapse floor: minimum over steps <= this", DefaultValueFactory = _ => defaults.CollapseWindowSteps };
        var recovery = new Option<long>("--recovery-window") { Description = "Recovery after the floor is measured over this many steps", DefaultValueFactory = _ => defaults.RecoveryWindowSteps };
        var minLayers = new Option<int>("--top-down-min-layers") { Description = "Top-down counts models with at least this many layers", DefaultValueFactory = _ => defaults.TopDownMinLayers };
        var embedding = new Option<bool>("--top-down-include-embedding") { Description = "Include the embedding output as the first layer of the top-down criteria" };
        var denseSpacing = new Option<long>("--dense-spacing") { Description = "Dense early checkpoints: spacing that must be present for the layer-order analysis", DefaultValueFactory = _ => defaults.DenseSpacing };
        var denseHorizon = new Option<long>("--dense-horizon") { Description = "Dense early checkpoints: up to this step", DefaultValueFactory = _ => defaults.DenseHorizon };
        var maxLag = new Option<int>("--max-lag") { Description = "Cross-correlation lags -N..N checkpoints", DefaultValueFactory = _ => defaults.MaxLag };
        var threshold = new Option<double>("--correlation-threshold") { Description = "Precursor: peak |r| must exceed this", DefaultValueFactory = _ => defaults.CorrelationThreshold };
        var sensitivity = new Option<double[]>("--sensitivity") { Description = "Further |r| thresholds reported", DefaultValueFactory = _ => [.. defaults.SensitivityThresholds], AllowMultipleArgumentsPerToken = true };
        var minPairs = new Option<int>("--min-pairs") { Description = "Pairs a lag's correlation needs", DefaultValueFactory = _ => defaults.MinPairs };
        var measures = new Option<string[]>("--measures") { Description = "Metric names tested as precursors", DefaultValueFactory = _ => [.. defaults.Measures], AllowMultipleArgumentsPerToken = true };
        var wideLevel = new Option<int>("--model-wide-level") { Description = "Level used for model-wide metrics with several (hessian_eig: rank k)", DefaultValueFactory = _ => defaults.ModelWideLevel };
        var nullMethod = new Option<string>("--null") { Description = "Null surrogate of the measure series: phase (randomised phases) or circular (random circular shift)", DefaultValueFactory = _ => "phase" };
        var replicates = new Option<int>("--null-replicates") { Description = "Null replicates per unit (0 = none)", DefaultValueFactory = _ => defaults.NullReplicates };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap resamples above 10 clusters; up to 10 the bootstrap is exact (0 = no intervals)", DefaultValueFactory = _ => defaults.BootstrapResamples };
        var seed = new Option<int>("--random-seed") { Description = "Seed of the null and bootstrap draws", DefaultValueFactory = _ => defaults.RandomSeed };
        var probeMargin = new Option<double>("--probe-margin") { Description = "Probe lead: probe accuracy must exceed its chance by more than this", DefaultValueFactory = _ => defaults.ProbeMargin };
        var behaviour = new Option<string>("--behaviour") { Description = "Behavioural series of the precursor test: accuracy or answer_logprob", DefaultValueFactory = _ => defaults.Behaviour };
        var grid = new Option<string>("--checkpoint-grid") { Description = "Checkpoints analysed: stored (all) or paper (only the paper's schedule: 0, every 100 to 10K, 500 to 50K, 2,000 after)", DefaultValueFactory = _ => "stored" };
        var allow = new Option<string[]>("--allow-config-difference") { Description = "Further configuration keys that may differ between runs", AllowMultipleArgumentsPerToken = true };

        var command = new Command("analyze", "Emergence steps, collapse floors, top-down propagation, precursors and prediction limits over runs")
        {
            runs, output, accuracy, consecutive, logprob, collapse, recovery, minLayers, embedding, denseSpacing, denseHorizon, maxLag, threshold, sensitivity,
            minPairs, measures, wideLevel, nullMethod, replicates, bootstrap, seed, probeMargin, behaviour, grid, allow,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var options = new AnalysisOptions
            {
                AccuracyThreshold = parse.GetValue(accuracy),
                ConsecutiveCheckpoints = parse.GetValue(consecutive),
                LogProbThreshold = parse.GetValue(logprob),
                CollapseWindowSteps = parse.GetValue(collapse),
                RecoveryWindowSteps = parse.GetValue(recovery),
                TopDownMinLayers = parse.GetValue(minLayers),
                TopDownIncludeEmbedding = parse.GetValue(embedding),
                DenseSpacing = parse.GetValue(denseSpacing),
                DenseHorizon = parse.GetValue(denseHorizon),
                MaxLag = parse.GetValue(maxLag),
                CorrelationThreshold = parse.GetValue(threshold),
                SensitivityThresholds = parse.GetValue(sensitivity) ?? [],
                MinPairs = parse.GetValue(minPairs),
                Measures = parse.GetValue(measures) ?? [],
                ModelWideLevel = parse.GetValue(wideLevel),
                Null = parse.GetValue(nullMethod)!.Trim().ToLowerInvariant() switch
                {
                    "circular" => NullMethod.CircularShift,
                    "phase" => NullMethod.PhaseRandomised,
                    var other => throw new ArgumentException($"Unknown --null '{other}' (allowed: circular, phase)."),
                },
                NullReplicates = parse.GetValue(replicates),
                BootstrapResamples = parse.GetValue(bootstrap),
                RandomSeed = parse.GetValue(seed),
                ProbeMargin = parse.GetValue(probeMargin),
                CheckpointGrid = CheckpointGrids.Parse(parse.GetValue(grid)!),
                Behaviour = parse.GetValue(behaviour)!.Trim(),
                AllowedConfigDifferences = [.. defaults.AllowedConfigDifferences, .. parse.GetValue(allow) ?? []],
            };
            options.Validate();
            var loaded = RunLoader.LoadAll(parse.GetValue(runs)!, options);
            var result = Analyzer.Analyze(loaded, options);
            foreach (var path in ResultsWriter.Write(result, parse.GetValue(output)!))
                Console.WriteLine(path);
            return 0;
        }));
        return command;
    }
}
