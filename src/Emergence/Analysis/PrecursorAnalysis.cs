using System.Globalization;
using Emergence.Storage;
using Emergence.Tasks;

namespace Emergence.Analysis;

/// <summary>
/// Builds and tests every precursor unit (PROTOCOL §5): measure × task-level × run, and measure × task ×
/// run. Which series a measure contributes follows its rows in the store:
/// <list type="bullet">
/// <item>model-wide (task ''): the one series (level = <see cref="AnalysisOptions.ModelWideLevel"/> when
/// it has several, e.g. hessian_eig rank k) is paired with every task-level's and every task's accuracy;</item>
/// <item>per task: the final block's layer (layer = L) when the metric has layers, else layer −1; a
/// task-level unit pairs level l of the measure with level l's accuracy; a task unit pairs the
/// task-pooled series (level 0) with the task accuracy, or, without one, pools the level pairs.</item>
/// </list>
/// </summary>
public static class PrecursorAnalysis
{
    /// <summary>A measure series that a run lacks, so its units were not tested.</summary>
    public sealed record Missing(string Measure, string Run, string Reason);

    /// <summary>Every precursor unit of every run and measure, and the series that are missing.</summary>
    public static (IReadOnlyList<PrecursorUnit> Units, IReadOnlyList<Missing> Missing) Run(IReadOnlyList<RunData> runs, AnalysisOptions options)
    {
        var units = new List<Func<PrecursorUnit>>();  // evaluated in parallel below; each unit seeds its own draws
        var missing = new List<Missing>();
        foreach (var measure in options.Measures)
            foreach (var run in runs)
            {
                var keys = run.Series.Keys.Where(k => k.Name == measure).ToList();
                if (keys.Count == 0)
                {
                    missing.Add(new Missing(measure, run.Label, $"metric '{measure}' not recorded in run {run.Label}"));
                    continue;
                }
                bool modelWide = keys.All(k => k.Task == "");
                int layer = keys.Any(k => k.Layer >= 0) ? run.Layers : -1;
                double[]? wide = null;
                string wideName = "";
                if (modelWide)
                {
                    var levels = keys.Where(k => k.Layer == layer).Select(k => k.Level).Distinct().ToList();
                    int level = levels.Count == 1 ? levels[0] : options.ModelWideLevel;
                    wide = run.Get(measure, "", level, layer);
                    wideName = new SeriesKey(measure, "", level, layer).ToString();
                    if (wide is null)
                    {
                        missing.Add(new Missing(measure, run.Label, $"model-wide metric '{measure}' has no level {level} (layer {layer}) in run {run.Label}"));
                        continue;
                    }
                }
                foreach (var tl in run.TaskLevels)
                {
                    string task = tl.Task.Name();
                    var series = wide ?? run.Get(measure, task, tl.Level, layer);
                    var name = modelWide ? wideName : new SeriesKey(measure, task, tl.Level, layer).ToString();
                    var accuracyName = new SeriesKey(options.Behaviour, task, tl.Level, -1).ToString();
                    var unit = Template(measure, run, tl.Task, tl.Level, "task-level", name, accuracyName);
                    var accuracy = run.Behaviour(options.Behaviour, tl);
                    units.Add(series is null ? () => unit with { Status = $"not computable: {name} not recorded" }
                        : accuracy is null ? () => unit with { Status = $"not computable: {accuracyName} not recorded" }
                        : () => Test(unit, run, [(series, accuracy)], options));
                }
                foreach (var task in run.Tasks)
                {
                    string taskName = task.Name();
                    var accuracy = run.TaskBehaviour(options.Behaviour, task);
                    var accuracyName = $"mean of {options.Behaviour}[task={taskName}, levels 1-{TaskLevel.Levels}]";
                    List<(double[], double[])> pairs;
                    string name;
                    var pooled = modelWide ? null : run.Get(measure, taskName, 0, layer);
                    if (accuracy is null)
                    {
                        pairs = [];
                        name = measure;
                    }
                    else if (modelWide)
                    {
                        pairs = [(wide!, accuracy)];
                        name = wideName;
                    }
                    else if (pooled is not null)
                    {
                        pairs = [(pooled, accuracy)];
                        name = new SeriesKey(measure, taskName, 0, layer).ToString();
                    }
                    else
                    {
                        pairs = [.. run.TaskLevels.Where(t => t.Task == task)
                            .Select(t => (run.Get(measure, taskName, t.Level, layer), run.Behaviour(options.Behaviour, t)))
                            .Where(p => p.Item1 is not null && p.Item2 is not null).Select(p => (p.Item1!, p.Item2!))];
                        name = $"{measure}[task={taskName}, levels pooled pairwise with their accuracy, layer={layer}]";
                        accuracyName = $"{options.Behaviour}[task={taskName}, level l] for each level l";
                    }
                    var unit = Template(measure, run, task, 0, "task", name, accuracyName);
                    units.Add(pairs.Count == 0
                        ? () => unit with { Status = accuracy is null ? $"not computable: {accuracyName} not recorded" : $"not computable: no {measure} series for task {taskName}" }
                        : () => Test(unit, run, pairs, options));
                }
            }
        var results = new PrecursorUnit[units.Count];
        Parallel.For(0, units.Count, i => results[i] = units[i]());
        return (results, missing);
    }

    private static PrecursorUnit Template(string measure, RunData run, TaskKind task, int level, string unit, string series, string accuracy) => new()
    {
        Measure = measure, Run = run.Label, Model = run.Model, Seed = run.Seed, Task = task.Name(), Level = level,
        Class = task.Class() == TaskClass.Hard ? "hard" : "easy", Unit = unit, MeasureSeries = series, AccuracySeries = accuracy,
        Status = "",
    };

    /// <summary>Aligns, differences, correlates and (with a null) tests one unit.</summary>
    public static PrecursorUnit Test(PrecursorUnit unit, RunData run, IReadOnlyList<(double[] Measure, double[] Accuracy)> pairs, AnalysisOptions options)
    {
        var segments = new List<(double[] Measure, double[] Accuracy)>();
        var segmentSteps = new List<long[]>();
        foreach (var (m, a) in pairs)
        {
            segments.Add(CrossCorrelation.AlignedDifferences(m, a));
            segmentSteps.Add([.. run.Steps.Where((_, i) => !double.IsNaN(m[i]) && !double.IsNaN(a[i]) && !double.IsInfinity(m[i]))]);
        }
        int aligned = segmentSteps.Sum(s => s.Length);
        var r = CrossCorrelation.Correlations(segments, options.MaxLag, options.MinPairs);
        var peak = CrossCorrelation.Peak(r, options.MaxLag);
        if (!peak.Found)
            return unit with
            {
                AlignedCheckpoints = aligned,
                Status = "not computable: no lag has a correlation (too few aligned checkpoints, or the measure or accuracy never changes)",
            };
        double statistic = CrossCorrelation.LeadStatistic(peak);
        var nulls = options.NullReplicates > 0 ? NullDistribution.Statistics(segments, options, $"{unit.Run}|{unit.Seed}") : [];
        return unit with
        {
            AlignedCheckpoints = aligned,
            PeakLag = peak.Lag,
            PeakR = peak.R,
            LagSteps = LagInSteps(segments, segmentSteps, peak.Lag),
            Precursor = CrossCorrelation.IsPrecursor(peak, options.CorrelationThreshold),
            PrecursorAtThreshold = options.SensitivityThresholds.Prepend(options.CorrelationThreshold).Distinct()
                .ToDictionary(t => t.ToString(CultureInfo.InvariantCulture), t => CrossCorrelation.IsPrecursor(peak, t)),
            NullP = NullDistribution.PValue(statistic, nulls),
            Statistic = statistic,
            NullStatistics = nulls,
            Status = "computed",
        };
    }

    private static long? LagInSteps(List<(double[] Measure, double[] Accuracy)> segments, List<long[]> steps, int lag)
    {
        int bestSegment = -1, bestIndex = -1;
        double best = -1;
        for (int s = 0; s < segments.Count; s++)
            for (int j = 0; j < segments[s].Accuracy.Length; j++)
                if (Math.Abs(segments[s].Accuracy[j]) > best)
                {
                    best = Math.Abs(segments[s].Accuracy[j]);
                    (bestSegment, bestIndex) = (s, j);
                }
        if (bestSegment < 0) return null;
        var st = steps[bestSegment];
        int end = bestIndex + 1;
        int other = Math.Clamp(end + lag, 0, st.Length - 1);
        return st[other] - st[end];
    }
}
