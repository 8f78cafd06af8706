using Emergence.Analysis;
using Emergence.Reporting;
using Emergence.Storage;
using Emergence.Tasks;
using PrecursorRates = Emergence.Reporting.PrecursorRates;
using PrecursorRate = Emergence.Reporting.PrecursorRate;

namespace Emergence.Study;

/// <summary>
/// Fills the report's figures and summary from a study's runs and their analysis. Where several
/// seeds of a size exist, trajectories show the first seed and emergence steps the median over
/// the seeds that emerged; every number behind them is in results.json.
/// </summary>
internal static class StudyReportContent
{
    public static ReportContent Build(StudyDefinition definition, IReadOnlyList<RunData> runs, AnalysisResult result, AnalysisOptions options)
    {
        var sizes = RunLoader.OrderedModels(runs);
        var firstSeed = sizes.Select(size => runs.Where(r => r.Model == size).OrderBy(r => r.Seed).First()).ToList();
        var emergence = result.Emergence.Entries.Where(e => e.Variant == MetricNames.Accuracy).ToList();
        var points = PointsByRun(runs, result, options);
        return new ReportContent
        {
            Title = $"Emergence study: preset {definition.Preset}, {string.Join(", ", sizes)}, seeds {string.Join(", ", definition.Seeds)}",
            Scale = new StudyScale(definition.DemonstrationScale, definition.Description, runs.Count, runs.Select(r => r.Seed).Distinct().Count()),
            Summary = Summary(result, runs),
            EmergenceMap = new EmergenceMapData(sizes, [.. EmergenceCells(emergence, sizes)], runs.Max(r => r.Steps[^1]), runs.Min(r => r.Steps[^1])),
            HardTaskRankMe = [.. firstSeed.Select(run => new SizeTrajectories(run.Model,
                [.. run.Tasks.Where(t => t.Class() == TaskClass.Hard).Select(t => Series(t.Name(), run, run.TaskRankMe(t))).OfType<TrajectorySeries>()]))],
            CollapseWindowSteps = options.CollapseWindowSteps,
            LayerProfiles = [.. LayerProfiles(firstSeed, result, emergence)],
            CaseStudy = CaseStudy(firstSeed, emergence),
            PrecursorRates = Rates(result),
            EarlyRankMe = new ScatterPoints(
                [.. points.SelectMany(p => p.Points.Where(t => t.Floor is not null && t.EmergenceStep is not null)
                    .Select(t => new ScatterPoint($"{t.Task} {p.Run.Label}", t.Floor!.Value, t.EmergenceStep!.Value,
                        t.Class == "hard" ? TaskClass.Hard : TaskClass.Easy, p.Run.Model)))],
                result.Prediction.Spearman.Where(s => s.Rho is not null).ToDictionary(s => s.Run, s => s.Rho!.Value)),
            Concordance = new ConcordanceBars([.. ConcordanceBars(result)]),
            AccuracyCurves = [.. firstSeed.Select(run => new AccuracyCurves(run.Model,
                [.. run.TaskLevels.Select(tl => new TaskLevelCurve(tl, run.Steps, run.Accuracy(tl) ?? [],
                    emergence.FirstOrDefault(e => e.Run == run.Label && e.TaskLevel == tl.Name)?.Step))], options.AccuracyThreshold))],
            MetricTrajectories = [.. firstSeed.SelectMany(MeasureTrajectories)],
            Notes = [.. Notes(result, firstSeed)],
            Tables = MeasureSettingsTable.Build(runs) is { } settings ? [settings] : [],
        };
    }

    private static TrajectorySeries? Series(string label, RunData run, double[]? values) =>
        values is null ? null : new TrajectorySeries(label, run.Steps, values);

    private static IEnumerable<EmergenceCell> EmergenceCells(IReadOnlyList<EmergenceEntry> entries, IReadOnlyList<string> sizes) =>
        from size in sizes
        from tl in TaskLevel.All
        let steps = entries.Where(e => e.Model == size && e.TaskLevel == tl.Name).ToList()
        where steps.Count > 0
        let emerged = steps.Where(e => e.Step is not null).Select(e => e.Step!.Value).Order().ToList()
        select new EmergenceCell(tl, size, emerged.Count == 0 ? null : emerged[(emerged.Count - 1) / 2], emerged.Count, steps.Count);

    private static List<(RunData Run, IReadOnlyList<TaskPoint> Points)> PointsByRun(IReadOnlyList<RunData> runs, AnalysisResult result, AnalysisOptions options) =>
        [.. runs.Select(run => (run, PredictionLimits.Points(run,
            result.CollapseFloors.Entries.Where(e => e.Run == run.Label).ToDictionary(e => e.Task, e => e.Result), options)))];

    /// <summary>
    /// Figure 3: per-layer task RankMe (blocks 1..L; the embedding output does not vary, see
    /// <see cref="LayerProfile"/>) at the step of the task's collapse floor, and at the checkpoint
    /// where the task's last level emerged.
    /// </summary>
    private static IEnumerable<LayerProfile> LayerProfiles(IReadOnlyList<RunData> runs, AnalysisResult result, IReadOnlyList<EmergenceEntry> emergence)
    {
        foreach (var run in runs)
            foreach (var entry in result.CollapseFloors.Entries.Where(e => e.Run == run.Label && e.Result.FloorStep is not null))
            {
                double[] ProfileAt(long step)
                {
                    int index = run.Steps.ToList().IndexOf(step);
                    return [.. Enumerable.Range(1, run.Layers).Select(layer => run.Get(MetricNames.RankMe, entry.Task, 0, layer)?[index] ?? double.NaN)];
                }
                var levels = emergence.Where(e => e.Run == run.Label && e.TaskLevel.StartsWith(entry.Task + "_")).ToList();
                var after = levels.Count > 0 && levels.All(e => e.Step is not null) ? levels.Max(e => e.Step!.Value) : (long?)null;
                var atFloor = ProfileAt(entry.Result.FloorStep!.Value);
                if (atFloor.All(double.IsNaN)) continue;
                yield return new LayerProfile(entry.Task, run.Model, atFloor, after is null ? [] : ProfileAt(after.Value));
            }
    }

    /// <summary>Figure 4a: the first hard task whose level 1 emerged (else the first hard task) on the first size.</summary>
    private static NormalisedOverlay? CaseStudy(IReadOnlyList<RunData> runs, IReadOnlyList<EmergenceEntry> emergence)
    {
        var run = runs[0];
        var hard = run.Tasks.Where(t => t.Class() == TaskClass.Hard).ToList();
        if (hard.Count == 0) return null;
        var emerged = hard.Select(t => (Task: t, Entry: emergence.FirstOrDefault(e => e.Run == run.Label && e.TaskLevel == $"{t.Name()}_L1")))
            .FirstOrDefault(p => p.Entry?.Step is not null);
        var task = emerged.Entry is null ? hard[0] : emerged.Task;
        var series = new[]
        {
            Series($"accuracy {task.Name()}_L1", run, run.Accuracy(new TaskLevel(task, 1))),
            Series($"RankMe {task.Name()}", run, run.TaskRankMe(task)),
            Series("LLC", run, run.Get(MetricNames.Llc, "", 0, -1)),
        }.OfType<TrajectorySeries>().ToList();
        return new NormalisedOverlay(task.Name(), run.Model, series, emerged.Entry?.Step);
    }

    private static PrecursorRates? Rates(AnalysisResult result)
    {
        var rows = result.Precursors.Rates.Where(r => r.Model == "all" && r.Unit == "task-level" && r.Units > 0).ToList();
        if (rows.Count == 0) return null;
        return new PrecursorRates([.. rows.Select(r => new PrecursorRate(r.Measure, r.Class, r.Precursors, r.Units, r.NullMeanRate))]);
    }

    private static IEnumerable<ConcordanceBar> ConcordanceBars(AnalysisResult result)
    {
        var paper = new Dictionary<string, double> { ["cross-class"] = 0.88, ["within-hard"] = 0.78, ["within-easy"] = 0.27 };
        foreach (var split in result.Prediction.ConcordancePooled)
        {
            if (split.Share is { } share) yield return new ConcordanceBar(split.Split, "this study", share, split.Pairs);
            if (paper.TryGetValue(split.Split, out var p)) yield return new ConcordanceBar(split.Split, "paper v1", p, 0);
        }
    }

    /// <summary>Every measure's trajectory: per-task measures averaged over a task's levels, model-wide ones as they are.</summary>
    private static IEnumerable<MetricTrajectory> MeasureTrajectories(RunData run)
    {
        foreach (var (name, title) in new[] { (MetricNames.FisherErank, "Fisher effective rank"), (MetricNames.GradcovErank, "Gradient-covariance effective rank") })
        {
            if (!run.HasMetric(name)) continue;
            var series = run.Tasks.Select(t => MeanOverLevels(run, name, t)).OfType<TrajectorySeries>().ToList();
            yield return new MetricTrajectory($"{name}_{run.Model}", $"{title}, {run.Model}", title, series, LogY: false);
        }
        foreach (var (name, level, title) in new[] { (MetricNames.Llc, 0, "Local learning coefficient"), (MetricNames.HessianEig, 1, "Top Hessian eigenvalue"), (MetricNames.HessianTrace, 0, "Hessian trace (Hutchinson)") })
            if (Series(title, run, run.Get(name, "", level, -1)) is { } s)
                yield return new MetricTrajectory($"{name}_{run.Model}", $"{title}, {run.Model}", title, [s]);
        var probe = run.Tasks.Select(t => ProbeAboveChance(run, t)).OfType<TrajectorySeries>().ToList();
        if (probe.Count > 0)
            yield return new MetricTrajectory($"probe_{run.Model}", $"Linear probe accuracy above chance (final block, mean over levels), {run.Model}", "probe accuracy − chance", probe);
        var easy = run.Tasks.Where(t => t.Class() == TaskClass.Easy).Select(t => Series(t.Name(), run, run.TaskRankMe(t))).OfType<TrajectorySeries>().ToList();
        if (easy.Count > 0) yield return new MetricTrajectory($"rankme_easy_{run.Model}", $"Task RankMe of the easy tasks, {run.Model}", "RankMe (final block)", easy, ShadeUntilStep: 200);
    }

    /// <summary>probe_accuracy (final block) minus probe_chance, mean over the task's recorded levels.</summary>
    private static TrajectorySeries? ProbeAboveChance(RunData run, TaskKind task)
    {
        var levels = Enumerable.Range(1, TaskLevel.Levels)
            .Select(l => (Accuracy: run.Get(MetricNames.ProbeAccuracy, task.Name(), l, run.Layers), Chance: run.Get(MetricNames.ProbeChance, task.Name(), l, -1)))
            .Where(p => p.Accuracy is not null && p.Chance is not null).Select(p => p.Accuracy!.Select((a, i) => a - p.Chance![i]).ToArray()).ToList();
        return levels.Count == 0 ? null : new TrajectorySeries(task.Name(), run.Steps, FisherSpectra.MeanOverLevels(levels, run.Steps.Count));
    }

    private static TrajectorySeries? MeanOverLevels(RunData run, string name, TaskKind task)
    {
        var levels = Enumerable.Range(1, TaskLevel.Levels).Select(l => run.Get(name, task.Name(), l, -1)).OfType<double[]>().ToList();
        if (levels.Count == 0) return null;
        var mean = Enumerable.Range(0, run.Steps.Count).Select(i =>
        {
            var values = levels.Select(v => v[i]).Where(v => !double.IsNaN(v)).ToList();
            return values.Count == 0 ? double.NaN : values.Average();
        }).ToArray();
        return new TrajectorySeries(task.Name(), run.Steps, mean);
    }

    private static IReadOnlyList<SummaryRow> Summary(AnalysisResult result, IReadOnlyList<RunData> runs)
    {
        int n = runs.Count, seeds = runs.Select(r => r.Seed).Distinct().Count();
        double? Rate(string measure, string model, string cls) =>
            result.Precursors.Rates.FirstOrDefault(r => r.Measure == measure && r.Model == model && r.Class == cls && r.Unit == "task")?.Rate;
        double? Floor(string task) => result.CollapseFloors.AcrossSizes.FirstOrDefault(f => f.Task == task)?.Mean;
        var counts = result.Emergence.Counts.FirstOrDefault(c => c.Variant == MetricNames.Accuracy);
        var topDown = result.TopDown.Counts.FirstOrDefault(c => c.Model == "all");
        var rhos = result.Prediction.Spearman.Where(s => s.Rho is not null).Select(s => s.Rho!.Value).ToList();
        double? Concordance(string split) => result.Prediction.ConcordancePooled.FirstOrDefault(c => c.Split == split)?.Share;
        return
        [
            new(PaperClaims.EmergenceEvents, counts is { Total: > 0 } ? (double)counts.Emerged / counts.Total : null, n, seeds,
                counts is null ? null : $"{counts.Emerged}/{counts.Total}"),
            new(PaperClaims.ModFloor, Floor("MOD"), n, seeds),
            new(PaperClaims.ModFloorCv, result.CollapseFloors.AcrossSizes.FirstOrDefault(f => f.Task == "MOD")?.Cv, n, seeds),
            new(PaperClaims.AddFloor, Floor("ADD"), n, seeds),
            new(PaperClaims.SortFloor, Floor("SORT"), n, seeds),
            new(PaperClaims.MulFloor, Floor("MUL"), n, seeds),
            new(PaperClaims.TopDown, topDown is { Computable: > 0 } ? (double)topDown.Strict / topDown.Computable : null, n, seeds,
                topDown is { Computable: > 0 } ? $"{topDown.Strict}/{topDown.Computable} (by each layer's drop: {topDown.StrictByDrop}/{topDown.Computable})" : "needs models with at least 4 layers"),
            new(PaperClaims.RankMePrecursorNano, Rate(MetricNames.RankMe, "nano", "all"), n, seeds),
            new(PaperClaims.RankMePrecursorHard, Rate(MetricNames.RankMe, "all", "hard"), n, seeds),
            new(PaperClaims.FisherPrecursor, Rate(MetricNames.FisherErank, "all", "all"), n, seeds),
            new(PaperClaims.GradCovPrecursor, Rate(MetricNames.GradcovErank, "all", "all"), n, seeds),
            new(PaperClaims.HessianPrecursor, Rate(MetricNames.HessianEig, "all", "all"), n, seeds),
            new(PaperClaims.LlcPrecursor, Rate(MetricNames.Llc, "all", "all"), n, seeds),
            new(PaperClaims.EarlyRankMeRho, rhos.Count == 0 ? null : rhos.Average(), n, seeds,
                rhos.Count == 0 ? null : $"{rhos.Min():0.00} to {rhos.Max():0.00} over {rhos.Count} run(s)"),
            new(PaperClaims.ConcordanceCrossClass, Concordance("cross-class"), n, seeds),
            new(PaperClaims.ConcordanceWithinHard, Concordance("within-hard"), n, seeds),
            new(PaperClaims.ConcordanceWithinEasy, Concordance("within-easy"), n, seeds),
            new(PaperClaims.SwapTest, result.Prediction.SwapPooled.Share, n, seeds,
                result.Prediction.SwapPooled.Reversed > 0 ? $"{result.Prediction.SwapPooled.Predicted}/{result.Prediction.SwapPooled.Reversed}" : "needs two sizes"),
            .. LaterAnalysesSummary.Rows(result, n, seeds),
        ];
    }

    private static IEnumerable<string> Notes(AnalysisResult result, IReadOnlyList<RunData> shown)
    {
        foreach (var warning in result.Runs.Select(r => r.Warning).OfType<string>())
            yield return $"Warning: {warning}.";
        yield return $"Lag convention: {result.Precursors.LagConvention}";
        yield return "Precursor rates are shown beside their null (phase-randomised measure series): a rate is evidence only where it exceeds the null.";
        yield return "Emergence steps in the figures (emergence map, accuracy curves, case study, layer profiles, early-RankMe scatter) follow the paper's rule; " +
            "the chance-corrected rule (accuracy above the majority-answer baseline) and the variation over seeds are in the tables below.";
        if (result.Runs.Count > shown.Count)
            yield return $"Figures of one run per size (RankMe trajectories, layer profiles, case study, accuracy curves, measure trajectories) show " +
                $"the lowest seed of each size ({string.Join(", ", shown.Select(r => r.Label))}); the emergence map, precursor rates, " +
                "early-RankMe scatter and concordance use every run.";
        yield return "Every number, its definition and its inputs are in results.json; tables.md holds the analysis tables.";
    }
}
