using System.Diagnostics;
using System.Globalization;
using Emergence.Pythia.Global;
using Emergence.Storage;
using TorchSharp;

namespace Emergence.Pythia;

/// <summary>Settings of a sweep over Pythia checkpoints.</summary>
/// <param name="ModelDir">A model folder, or a folder of step* model folders.</param>
/// <param name="RunDir">Run folder to create (the store is RUN/run.db).</param>
/// <param name="Steps">Steps to measure (all when null or empty).</param>
/// <param name="GeneralTextFile">Replaces the built-in general text (one sequence per line).</param>
/// <param name="ProbeSets">Names of the probe sets to run (all seven when null or empty).</param>
/// <param name="MaxTokens">General-text sequences are cut to this many tokens.</param>
/// <param name="Global">Which measures run, and the settings of the global ones (defaults when null).</param>
public sealed record PythiaSweepOptions(
    string ModelDir,
    string RunDir,
    IReadOnlyCollection<long>? Steps = null,
    string? GeneralTextFile = null,
    IReadOnlyCollection<string>? ProbeSets = null,
    int MaxTokens = PythiaSweepOptions.DefaultMaxTokens,
    PythiaGlobalOptions? Global = null)
{
    /// <summary>Default cut of general-text sequences, in tokens.</summary>
    public const int DefaultMaxTokens = 128;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad value and what is allowed.</summary>
    public PythiaSweepOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelDir)) throw new ArgumentException($"Pythia model folder '{ModelDir}' is empty (expected a folder path).");
        if (string.IsNullOrWhiteSpace(RunDir)) throw new ArgumentException($"Pythia run folder '{RunDir}' is empty (expected a folder path).");
        if (MaxTokens < 2) throw new ArgumentException($"--max-tokens must be at least 2 (got {MaxTokens}).");
        foreach (var step in Steps ?? [])
            if (step < 0) throw new ArgumentException($"Pythia steps must be >= 0 (got {step}).");
        return this;
    }
}

/// <summary>What a sweep did: steps measured, and duplicates found (step → earlier identical step).</summary>
public sealed record PythiaSweepResult(string StorePath, IReadOnlyList<long> Steps, IReadOnlyDictionary<long, long> Duplicates);

/// <summary>
/// The Pythia sweep: for each checkpoint (in step order) load the weights (hashing every stored
/// tensor), run every probe set, and record per step, per probe set (task = set name, level 0)
/// and per layer the RankMe of the stacked token-level hidden states (<c>rankme</c>) and the
/// behavioural scores (<see cref="ProbeMeasurement"/>). Each checkpoint is one transaction.
/// <para>
/// Hosted Pythia checkpoints have known defects (identical steps 0/1/2; branches that serve the
/// final weights). A checkpoint whose tensors all equal an earlier one's is recorded with
/// metric <c>duplicate_of</c> = that step, its measurements copied rather than recomputed, and
/// listed in meta <c>duplicates</c>; <c>identical_tensor_fraction</c> is the fraction of tensors
/// equal to the previous checkpoint's (a partial match flags a suspicious checkpoint), and meta
/// <c>weights_sha256.step{N}</c> holds each checkpoint's hash.
/// </para>
/// With <c>--measures</c> also the parameter statistics (<see cref="ParameterStatistics"/>, against the
/// previous measured checkpoint) and the global measures on the fixed probe batch
/// (<see cref="GlobalMeasures"/>: Hessian top-k, spectral density, gradient-covariance rank).
/// Not implemented: loss barriers between consecutive checkpoints.
/// </summary>
public static class PythiaSweep
{
    /// <summary>Tokens per optimisation step in Pythia training (1024 sequences x 2048 tokens).</summary>
    public const long PythiaTokensPerStep = 2_097_152;

    /// <summary>Runs the sweep (options validated first); progress lines go to <paramref name="log"/>.</summary>
    public static PythiaSweepResult Run(PythiaSweepOptions options, Action<string>? log = null)
    {
        log ??= _ => { };
        options.Validate();
        var checkpoints = CheckpointSeries.Find(options.ModelDir, options.Steps);
        var tokenizerPath = checkpoints.Select(c => c.Folder.TokenizerPath).Append(Path.Combine(Path.GetFullPath(options.ModelDir), "tokenizer.json"))
            .FirstOrDefault(File.Exists)
            ?? throw new CheckpointFormatException($"{Path.GetFullPath(options.ModelDir)}: no tokenizer.json in the model folder(s).");
        var tokenizer = PythiaTokenizer.Load(tokenizerPath);
        var global = options.Global ?? new PythiaGlobalOptions();
        global.Validate();
        var sets = global.Has(PythiaMeasure.Probes) ? SelectSets(options) : [];
        var first = NeoXConfig.Load(checkpoints[0].Folder.ConfigPath);
        NeoXParameters.ParseGroups(global.CurvatureLayers, first.NumLayers);
        var batch = global.Has(PythiaMeasure.Hessian) || global.Has(PythiaMeasure.Slq) || global.Has(PythiaMeasure.GradCov)
            ? ProbeBatch.From(options.GeneralTextFile is { } text ? ProbeSet.FromTextFile(text) : ProbeSet.Load("general"), tokenizer, global.ProbeBatchSize, options.MaxTokens)
            : null;
        if (tokenizer.VocabSize > first.VocabSize)
            throw new CheckpointFormatException($"{tokenizerPath}: tokenizer has {tokenizer.VocabSize} entries, more than the model's vocab_size {first.VocabSize}.");

        var run = new RunFolder(options.RunDir);
        var meta = new Dictionary<string, string>
        {
            ["kind"] = "pythia",
            ["model_dir"] = Path.GetFullPath(options.ModelDir),
            ["model"] = first.Describe(),
            ["parameter_count"] = first.ParameterCount.ToString(CultureInfo.InvariantCulture),
            ["config.hidden_size"] = first.HiddenSize.ToString(CultureInfo.InvariantCulture),
            ["config.num_hidden_layers"] = first.NumLayers.ToString(CultureInfo.InvariantCulture),
            ["tokenizer"] = tokenizerPath,
            ["steps"] = string.Join(",", checkpoints.Select(c => c.Step)),
            ["probe_sets"] = string.Join(",", sets.Select(s => $"{s.Name}:{s.Items.Count}")),
            ["general_text"] = options.GeneralTextFile is null ? "built-in" : Path.GetFullPath(options.GeneralTextFile),
            ["max_tokens"] = options.MaxTokens.ToString(CultureInfo.InvariantCulture),
            ["compute_dtype"] = "float32",
            ["tokens_per_step"] = PythiaTokensPerStep.ToString(CultureInfo.InvariantCulture),
            ["rankme"] = "Measures/RankMe via Pythia/GramRankMe: not centred, p = sigma/sum + 1e-7",
            ["pythia_measures"] = global.Describe(),
            ["not_measured"] = "loss_barrier",
            ["libtorch"] = torch.__version__,
            ["created_at"] = DateTime.UtcNow.ToString("O"),
        };
        // A sweep that fails before its first checkpoint removes the store it created, so the
        // same command with corrected input starts afresh.
        var fresh = FreshStart.Begin(run);
        var duplicates = new Dictionary<long, long>();
        try
        {
            using var store = RunStore.Create(run.StorePath, meta);
            var seen = new Dictionary<string, long>();
            var measured = new Dictionary<long, List<MetricRow>>();
            IReadOnlyDictionary<string, string>? previousHashes = null;
            using var previous = new PreviousWeights();
            foreach (var checkpoint in checkpoints)
            {
                var clock = Stopwatch.StartNew();
                var weights = previous.Hold(NeoXWeights.Load(checkpoint.Folder), checkpoint.Step, global.Has(PythiaMeasure.Params));
                if (weights.Config.HiddenSize != first.HiddenSize || weights.Config.NumLayers != first.NumLayers || weights.Config.VocabSize != first.VocabSize)
                    throw new CheckpointFormatException($"{checkpoint.Folder.ConfigPath}: step {checkpoint.Step} has a different model shape from step {checkpoints[0].Step}.");
                double loadSeconds = clock.Elapsed.TotalSeconds;
                var rows = new List<MetricRow>();
                if (previousHashes is not null)
                {
                    int same = weights.TensorHashes.Count(p => previousHashes.TryGetValue(p.Key, out var h) && h == p.Value);
                    rows.Add(new MetricRow(checkpoint.Step, MetricNames.IdenticalTensorFraction, "", 0, MetricRow.NoLayer, (double)same / weights.TensorHashes.Count));
                }
                store.SetMeta($"weights_sha256.step{checkpoint.Step}", weights.ModelHash);
                if (seen.TryGetValue(weights.ModelHash, out var original))
                {
                    duplicates[checkpoint.Step] = original;
                    log($"step {checkpoint.Step}: weights identical to step {original}; measurements copied");
                    rows.Add(new MetricRow(checkpoint.Step, MetricNames.DuplicateOf, "", 0, MetricRow.NoLayer, original));
                    rows.AddRange(measured[original].Select(r => r with { Step = checkpoint.Step }));
                    store.SetMeta("duplicates", string.Join(",", duplicates.Select(d => $"{d.Key}={d.Value}")));
                }
                else
                {
                    seen[weights.ModelHash] = checkpoint.Step;
                    var model = new NeoXModel(weights);
                    var own = new List<MetricRow>();
                    foreach (var set in sets)
                    {
                        var setClock = Stopwatch.StartNew();
                        own.AddRange(ProbeMeasurement.Measure(model, tokenizer, set, checkpoint.Step, options.MaxTokens));
                        own.Add(new MetricRow(checkpoint.Step, MetricNames.CostSeconds("probe"), set.Name, 0, MetricRow.NoLayer, setClock.Elapsed.TotalSeconds));
                    }
                    if (batch is not null) own.AddRange(GlobalMeasures.Measure(checkpoint.Step, model, batch, global));
                    measured[checkpoint.Step] = own;
                    rows.AddRange(own);
                }
                if (global.Has(PythiaMeasure.Params))
                    rows.AddRange(ParameterStatistics.Measure(checkpoint.Step, weights, previous.Weights, previous.Step));
                rows.Add(new MetricRow(checkpoint.Step, MetricNames.CostSeconds("load"), "", 0, MetricRow.NoLayer, loadSeconds));
                store.RecordCheckpoint(new CheckpointRow(checkpoint.Step, double.NaN, 0, checkpoint.Step * PythiaTokensPerStep, clock.Elapsed.TotalSeconds),
                    rows, [], []);
                var nonFinite = rows.Where(r => !double.IsFinite(r.Value)).ToList();
                if (nonFinite.Count > 0)
                    log($"warning: step {checkpoint.Step}: {nonFinite.Count} value(s) came out NaN or infinite (stored as NULL, flagged in non_finite), first {nonFinite[0].Name} {nonFinite[0].Task}");
                previousHashes = weights.TensorHashes;
                previous.Advance();
                log($"step {checkpoint.Step}: {clock.Elapsed.TotalSeconds:F1} s");
            }
        }
        catch when (fresh is not null)
        {
            fresh.UndoIfNoCheckpoint();
            throw;
        }
        return new PythiaSweepResult(run.StorePath, [.. checkpoints.Select(c => c.Step)], duplicates);
    }

    private static IReadOnlyList<ProbeSet> SelectSets(PythiaSweepOptions options)
    {
        var names = options.ProbeSets is { Count: > 0 } chosen ? chosen : ProbeSet.BuiltInNames;
        var unknown = names.Where(n => !ProbeSet.BuiltInNames.Contains(n)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"Unknown probe set{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown)} (known: {string.Join(", ", ProbeSet.BuiltInNames)}).");
        return [.. names.Select(n => n == "general" && options.GeneralTextFile is { } file ? ProbeSet.FromTextFile(file) : ProbeSet.Load(n))];
    }
}
