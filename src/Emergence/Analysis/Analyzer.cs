using System.Globalization;
using Emergence.Storage;
using Emergence.Tasks;
using Emergence.Training;

namespace Emergence.Analysis;

/// <summary>
/// Runs every analysis of PROTOCOL §5 over a set of runs:
/// <code>
///   var runs = RunLoader.LoadAll(paths, options);
///   var result = Analyzer.Analyze(runs, options);
///   ResultsWriter.Write(result, outDir);   // results.json + tables.md
/// </code>
/// </summary>
public static class Analyzer
{
    /// <summary>How lags are signed in the results.</summary>
    public const string LagConvention =
        "r(lag) = Pearson correlation of (Δmeasure[t+lag], Δaccuracy[t]) over checkpoint index t; negative lag = the measure changes first (leads accuracy), positive = it lags. lag_steps converts the peak lag to training steps at the largest accuracy change (negative = leads).";

    /// <summary>How concordance is counted in the results.</summary>
    public const string ConcordanceConvention =
        "A task pair is concordant when (floor_i − floor_j)(emergence_i − emergence_j) > 0: the task with the higher early RankMe emerges later (the direction of a positive Spearman rho). Ties are left out.";

    /// <summary>Runs every analysis on the runs (options validated first).</summary>
    public static AnalysisResult Analyze(IReadOnlyList<RunData> inputRuns, AnalysisOptions options)
    {
        options.Validate();
        var gridded = inputRuns.Select(r => CheckpointGrids.Apply(r, options.CheckpointGrid)).ToList();
        RunLoader.CheckCompatible(gridded, options);
        var runs = RunLoader.Ordered(gridded);
        var models = RunLoader.OrderedModels(runs);

        var emergence = Emergence(runs, options);
        var (collapse, floors) = Collapse(runs, models, options);
        var topDown = TopDownSection(runs, models, floors, options);
        var precursors = Precursors(runs, models, options);
        var prediction = Prediction(runs, floors, options, emergence.Baselines.ToDictionary(b => b.TaskLevel, b => b.Value));

        return new AnalysisResult
        {
            ProgramVersion = RunMetadata.ProgramVersion,
            Options = options,
            Conventions = new Dictionary<string, string>
            {
                ["lag"] = LagConvention,
                ["concordance"] = ConcordanceConvention,
                ["not_computable"] = "A value that cannot be computed is null with a status 'not computable: reason'; it is never counted as zero or as a negative outcome.",
                ["never_emerged"] = "A task-level that never meets the emergence rule has step null and status 'never emerged'.",
            },
            Runs = [.. runs.Select(r => new RunSummary(r.Label, r.Model, r.Seed, r.Layers, r.Source, r.Steps.Count, r.Steps[0], r.Steps[^1], TopDown.HasDenseEarly(r.Steps, options),
                r.Diverged?.ToString(), r.NonFinite.Count, PlannedSteps(r)))],
            Emergence = emergence,
            CollapseFloors = collapse,
            TopDown = topDown,
            Precursors = precursors,
            Prediction = prediction,
            FisherLlc = Analysis.FisherLlc.Analyze(runs),
            LlcHessianTrace = Analysis.LlcHessianTrace.Analyze(runs),
            EventPrecursors = Analysis.EventPrecursors.Analyze(runs, models, options),
            LossBarriers = Analysis.LossBarriers.Analyze(runs),
            SeedVariation = Analysis.SeedVariation.Analyze(emergence.Entries, precursors, models, options),
            ProbeLead = ProbeLeads.Analyze(runs, models, options),
            MeasureQuality = Analysis.MeasureQuality.Analyze(runs),
        };
    }

    private static EmergenceSection Emergence(IReadOnlyList<RunData> runs, AnalysisOptions options)
    {
        var entries = new List<EmergenceEntry>();
        var baselines = ChanceCorrection.Baselines(runs[0]);
        var baseline = baselines.ToDictionary(b => b.TaskLevel, b => b.Value);
        foreach (var run in runs)
            foreach (var tl in run.TaskLevels)
            {
                var acc = EmergenceDetector.Detect(run.Steps, run.Accuracy(tl), options.AccuracyThreshold, options.ConsecutiveCheckpoints);
                entries.Add(new(run.Label, run.Model, run.Seed, tl.Name, MetricNames.Accuracy, options.AccuracyThreshold, acc.Step, acc.Status));
                var lp = EmergenceDetector.Detect(run.Steps, run.Get(MetricNames.AnswerLogprob, tl.Task.Name(), tl.Level, -1), options.LogProbThreshold, options.ConsecutiveCheckpoints);
                entries.Add(new(run.Label, run.Model, run.Seed, tl.Name, MetricNames.AnswerLogprob, options.LogProbThreshold, lp.Step,
                    lp.Status.Replace("series not recorded", "answer_logprob not recorded")));
                var corrected = ChanceCorrection.Detect(run, tl, baseline[tl.Name], options);
                entries.Add(new(run.Label, run.Model, run.Seed, tl.Name, ChanceCorrection.Variant, options.AccuracyThreshold, corrected.Step, corrected.Status, baseline[tl.Name]));
            }
        var counts = entries.GroupBy(e => e.Variant).Select(g => new EmergenceCount(g.Key,
            g.Count(e => e.Step is not null), g.Count(e => e.Status == EmergenceResult.Never),
            g.Count(e => e.Status.StartsWith("not computable", StringComparison.Ordinal)), g.Count())).ToList();
        return new EmergenceSection(
            $"Emergence step: the first step of the first run of {options.ConsecutiveCheckpoints} consecutive recorded checkpoints with accuracy > {options.AccuracyThreshold.ToString(CultureInfo.InvariantCulture)}. " +
            $"Log-probability variant: the same rule on answer_logprob (mean over items of the summed log-probability of the answer incl. <eos>) > {options.LogProbThreshold.ToString("G6", CultureInfo.InvariantCulture)} (default ln 0.1: geometric-mean probability of the whole correct answer above 0.1).",
            entries, counts, PaperValues.Emergence, ChanceCorrection.Definition, baselines, RuleUsedBy);
    }

    /// <summary>Which emergence rule each analysis that uses emergence steps applies.</summary>
    public static readonly IReadOnlyDictionary<string, string> RuleUsedBy = new Dictionary<string, string>
    {
        ["collapse_floors, top_down"] = "none: they do not use emergence steps",
        ["precursors"] = "none: the cross-correlation uses the whole accuracy series, and its first differences correlate identically under the chance correction (an affine map of accuracy)",
        ["prediction"] = $"paper ({MetricNames.Accuracy}) in spearman, concordance and swap; {ChanceCorrection.Variant} in chance_corrected (spearman, pooled concordance)",
        ["event_precursors"] = $"paper ({MetricNames.Accuracy})",
        ["seed_variation"] = $"both: spread and order correlation per variant ({MetricNames.Accuracy}, {ChanceCorrection.Variant})",
        ["report figures (emergence map, accuracy curves, case study, layer profiles, early-RankMe scatter)"] = $"paper ({MetricNames.Accuracy})",
    };

    private static (CollapseSection, Dictionary<RunData, Dictionary<string, CollapseFloorResult>>) Collapse(
        IReadOnlyList<RunData> runs, IReadOnlyList<string> models, AnalysisOptions options)
    {
        var entries = new List<CollapseEntry>();
        var floors = new Dictionary<RunData, Dictionary<string, CollapseFloorResult>>();
        foreach (var run in runs)
        {
            floors[run] = [];
            foreach (var task in run.Tasks)
            {
                var result = CollapseFloor.Compute(run.Steps, run.TaskRankMe(task), options.CollapseWindowSteps, options.RecoveryWindowSteps);
                floors[run][task.Name()] = result;
                entries.Add(new(run.Label, run.Model, run.Seed, task.Name(), new SeriesKey(MetricNames.RankMe, task.Name(), 0, run.Layers).ToString(), result));
            }
        }
        var summaries = runs[0].Tasks.Select(task => FloorSummary.Of(task.Name(), [.. models
            .Select(m => entries.Where(e => e.Model == m && e.Task == task.Name() && e.Result.Floor is not null).Select(e => e.Result.Floor!.Value).ToList())
            .Where(f => f.Count > 0).Select(f => f.Average())])).ToList();
        return (new CollapseSection(
            $"Collapse floor: minimum of task RankMe (task-pooled level 0, final block) over checkpoints with step <= {options.CollapseWindowSteps}; floor step = earliest step attaining it; " +
            $"relative drop = (first recorded value − floor) / first; recovery magnitude = max RankMe over (floor step, floor step + {options.RecoveryWindowSteps}] minus floor; " +
            "recovery slope = OLS slope of RankMe on step over [floor step, floor step + window], per 1000 steps. Across sizes: per size the mean over seeds, then mean, sample std (n−1) and CV = std/mean over sizes.",
            entries, summaries, [.. PaperValues.Floors.Values]), floors);
    }

    private static TopDownSection TopDownSection(IReadOnlyList<RunData> runs, IReadOnlyList<string> models,
        Dictionary<RunData, Dictionary<string, CollapseFloorResult>> floors, AnalysisOptions options)
    {
        var entries = new List<TopDownEntry>();
        foreach (var run in runs.Where(r => r.Layers >= options.TopDownMinLayers))
            foreach (var task in run.Tasks)
                entries.Add(new(run.Label, run.Model, run.Seed, task.Name(), TopDown.Compute(run, task.Name(), floors[run][task.Name()].FloorStep, options)));
        var counts = models.Append("all").Select(m =>
        {
            var group = entries.Where(e => m == "all" || e.Model == m).ToList();
            var ok = group.Where(e => e.Result.Computable).ToList();
            var reductions = ok.Where(e => e.Result.FirstToLastReduction is not null).Select(e => e.Result.FirstToLastReduction!.Value).ToList();
            return new TopDownCount(m, group.Count, ok.Count, ok.Count(e => e.Result.Strict == true), ok.Count(e => e.Result.Weak == true),
                ok.Count(e => e.Result.TemporalTopDown is not null), ok.Count(e => e.Result.TemporalTopDown == true),
                reductions.Count == 0 ? null : reductions.Average(),
                ok.Count == 0 ? null : ok.Average(e => 1 / MathNet.Numerics.SpecialFunctions.Factorial(e.Result.Layers.Count)),
                ok.Count == 0 ? null : 0.5,
                ok.Count == 0 ? null : EffectiveSampleSize.Of([.. ok.Select(e => (e.Task, e.Result.Strict == true))]),
                ok.Count(e => e.Result.StrictByDrop == true));
        }).Where(c => c.Eligible > 0 || c.Model == "all").ToList();
        string layers = options.TopDownIncludeEmbedding ? "layers 0 (embedding)..L" : "blocks 1..L";
        return new TopDownSection(
            $"Top-down propagation over models with >= {options.TopDownMinLayers} layers: task-pooled RankMe of {layers} at the collapse-floor step. Strict: RankMe strictly decreasing with depth; " +
            "weak: last layer below the first; first-to-last reduction = (r_first − r_last) / r_first; strict by drop: each layer's fall from its first recorded value, " +
            "(r_l(first checkpoint) − r_l(floor step)) / r_l(first checkpoint), strictly increasing with depth (each deeper layer collapses more). Temporal (only with checkpoints every " +
            $"{options.DenseSpacing} steps up to {options.DenseHorizon}): step at which each layer reaches its minimum over steps <= {options.DenseHorizon}; top-down when deeper layers reach it no later.",
            entries, counts, PaperValues.TopDown);
    }

    private static PrecursorSection Precursors(IReadOnlyList<RunData> runs, IReadOnlyList<string> models, AnalysisOptions options)
    {
        var (units, missing) = PrecursorAnalysis.Run(runs, options);
        var rates = PrecursorRates.Compute(units, models, options);
        var costs = new List<MeasureCost>();
        foreach (var measure in options.Measures)
            foreach (var model in models)
            {
                var group = runs.Where(r => r.Model == model).ToList();
                var candidates = new[] { $"cost_seconds.{measure}", $"cost_seconds.{measure.Split('_')[0]}" }.Distinct();
                var name = candidates.FirstOrDefault(c => group.Any(r => r.HasMetric(c)));
                if (name is null)
                {
                    costs.Add(new(measure, model, null, null, 0, $"not recorded: no {string.Join(" or ", candidates)} metric"));
                    continue;
                }
                var values = group.SelectMany(r => r.Series.Where(kv => kv.Key.Name == name).SelectMany(kv => kv.Value)).Where(v => !double.IsNaN(v)).ToList();
                costs.Add(new(measure, model, name, values.Count == 0 ? null : values.Average(), values.Count, values.Count == 0 ? "not recorded: no values" : "computed"));
            }
        var thresholds = string.Join(", ", options.SensitivityThresholds.Select(t => t.ToString(CultureInfo.InvariantCulture)));
        return new PrecursorSection(
            $"Precursor: both series first-differenced on checkpoint index (checkpoints where both are recorded); Pearson cross-correlation over lags −{options.MaxLag}..+{options.MaxLag}; " +
            $"precursor when the peak |r| is at a negative lag and |r| > {options.CorrelationThreshold.ToString(CultureInfo.InvariantCulture)} (sensitivity {thresholds}). " +
            $"Behavioural series: {options.Behaviour}{(options.Behaviour == MetricNames.Accuracy ? "" : " (in place of accuracy everywhere below)")}. " +
            "Task-level units pair a measure with its own task-level (model-wide measures with every task-level); task units use the task-pooled measure (or pool the level pairs) against task accuracy = mean over levels. " +
            $"Null: {options.NullReplicates} {(options.Null == NullMethod.CircularShift ? "circular shifts" : "phase randomisations")} of the measure's differenced series per unit; bootstrap over tasks (and seeds), exact (every distinct resample) up to {Bootstrap.MaxExactClusters} clusters, else {options.BootstrapResamples} resamples; effective N by design effect over task clusters.",
            LagConvention, units, missing, rates, costs, [.. PaperValues.Precursor.Values]);
    }

    private static PredictionSection Prediction(IReadOnlyList<RunData> runs, Dictionary<RunData, Dictionary<string, CollapseFloorResult>> floors, AnalysisOptions options,
        IReadOnlyDictionary<string, double> baselines)
    {
        var corrected = runs.ToDictionary(r => r, r => PredictionLimits.Points(r, floors[r], options, t => ChanceCorrection.TaskSeries(r, t, baselines)));
        var points = runs.ToDictionary(r => r, r => PredictionLimits.Points(r, floors[r], options));
        var spearman = runs.Select(r => PredictionLimits.Spearman(r, points[r])).ToList();
        var byRun = runs.Select(r => new RunConcordance(r.Label, PredictionLimits.Concordances([points[r]]))).ToList();
        var pooled = PredictionLimits.Concordances(runs.Select(r => points[r]));
        var swaps = runs.GroupBy(r => r.Seed).OrderBy(g => g.Key)
            .Select(g => new SwapSeed(g.Key, PredictionLimits.Swap([.. g.Select(r => (r.Label, points[r]))]))).ToList();
        var allPairs = swaps.SelectMany(s => s.Test.Pairs).ToList();
        int hits = allPairs.Count(p => p.Predicted);
        var swapPooled = new SwapTest(allPairs.Count, hits, allPairs.Count == 0 ? null : (double)hits / allPairs.Count, allPairs,
            allPairs.Count == 0 ? "not computable: no task pair reverses its emergence order between two sizes of one seed" : "computed");
        return new PredictionSection(
            "Per run and task: early RankMe = collapse floor; emergence step of the task accuracy (mean over levels) by the emergence rule; tasks without either are left out and counted. " +
            "Spearman rho(floor, emergence step) per run. Concordance: " + ConcordanceConvention + " Split cross-class / within-hard / within-easy. " +
            "Swap test: for sizes A < B of one seed, task pairs whose emergence order reverses; predicted when B's floors order the pair as B's emergence does.",
            spearman, byRun, pooled, swaps, swapPooled,
            [PaperValues.Spearman, .. PaperValues.Concordance.Values, PaperValues.Swap],
            new PredictionUnderRule(ChanceCorrection.Variant, [.. runs.Select(r => PredictionLimits.Spearman(r, corrected[r]))],
                PredictionLimits.Concordances(runs.Select(r => corrected[r]))));
    }

    /// <summary>The steps the run's training configuration asks for; null when the configuration cannot be read.</summary>
    private static long? PlannedSteps(RunData run)
    {
        try { return TrainingConfig.FromJson(run.ConfigJson).Steps; }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or NotSupportedException) { return null; }
    }
}
