using Emergence.Analysis;
using Emergence.Storage;

namespace Emergence.Pythia.SweepAnalysis;

/// <summary>
/// The Pythia analyses of <c>emergence pythia-analyze</c>: collapse depth and timing
/// (<see cref="CollapseDepth"/>), probe ordering across models (<see cref="OrderingAnalysis"/>) and the
/// precursor test on a GP-interpolated grid (<see cref="GridPrecursor"/>) of final-layer RankMe and of every
/// recorded <see cref="GlobalSeries"/>, one store per model size.
/// </summary>
public static class PythiaAnalyzer
{
    /// <summary>Behaviour scores tested against RankMe, in this order, when the probe set has them.</summary>
    public static readonly IReadOnlyList<string> Behaviours = [MetricNames.AnswerLogprob, MetricNames.Accuracy, MetricNames.TokenLogprob];

    /// <summary>The paper's Pythia findings the results are compared with.</summary>
    public static readonly IReadOnlyList<PaperValue> Paper =
    [
        new("Pythia collapse", "RankMe -50..-75% by steps 64-128", null),
        new("Pythia probe ordering 160M vs 410M", "identical, rho 1.0", null),
        new("Pythia per-task precursor", "negative", null),
    ];

    /// <summary>Loads Pythia sweep stores and analyses them (options validated first).</summary>
    public static PythiaAnalysisResult Analyze(IReadOnlyList<string> paths, PythiaAnalysisOptions options)
    {
        if (paths.Count == 0) throw new ArgumentException("No Pythia runs given; pass one run folder (or run.db) per model.");
        options.Validate();
        return Analyze([.. paths.Select(PythiaRunData.Load)], options);
    }

    /// <summary>Analyses loaded Pythia sweeps (options validated first).</summary>
    public static PythiaAnalysisResult Analyze(IReadOnlyList<PythiaRunData> loaded, PythiaAnalysisOptions options)
    {
        if (loaded.Count == 0) throw new ArgumentException("No Pythia runs given; pass one run folder (or run.db) per model.");
        options.Validate();
        var runs = UniqueLabels(loaded);
        var collapse = runs.SelectMany(r => r.ProbeSets.Select(p => CollapseDepth.Measure(r, p))).ToList();
        var ordering = OrderingAnalysis.Compute(runs, collapse);
        var precursors = new List<GridPrecursorEntry>();
        foreach (var run in runs)
            foreach (var probe in run.ProbeSets)
            {
                var behaviours = Behaviours.Where(b => run.Get(b, probe) is not null).ToList();
                if (behaviours.Count == 0) behaviours.Add(Behaviours[0]); // recorded as not computable
                precursors.AddRange(behaviours.Select(b => GridPrecursor.Test(run, probe, b, options)));
                foreach (var global in GlobalSeries.All)
                    if (global.In(run) is { } series)
                        precursors.AddRange(behaviours.Select(b => GridPrecursor.Test(run, probe, global.Label, series, b, options)));
            }
        var summaries = runs.Select(r => new PythiaRunSummary(r.Label, r.Model, r.Source, r.Steps.Count, r.Steps[0], r.Steps[^1], r.ProbeSets, r.Skipped,
            [.. r.NonFinite.Select(v => v.ToString())])).ToList();
        return new PythiaAnalysisResult(options, summaries, collapse, ordering, precursors, Paper);
    }

    /// <summary>Runs with the same label get " #2", " #3", ... so every table row names one store.</summary>
    private static List<PythiaRunData> UniqueLabels(IReadOnlyList<PythiaRunData> runs)
    {
        var seen = new Dictionary<string, int>();
        var result = new List<PythiaRunData>();
        foreach (var run in runs)
        {
            int n = seen[run.Label] = seen.GetValueOrDefault(run.Label) + 1;
            result.Add(n == 1 ? run : new PythiaRunData
            {
                Source = run.Source, Label = $"{run.Label} #{n}", Model = run.Model, Steps = run.Steps, Skipped = run.Skipped, Series = run.Series,
            });
        }
        return result;
    }
}
