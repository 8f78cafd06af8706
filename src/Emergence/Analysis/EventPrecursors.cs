using Emergence.Tasks;

namespace Emergence.Analysis;

/// <summary>An event metric and the direction fitted on all runs (+1: larger value, later emergence).</summary>
public sealed record EventMetric(string Name, string Definition, int? Direction, int TasksWithValue, string Status);

/// <summary>
/// Hit rate of one event metric in one size (or "all"): hits / decided task pairs, with the mean rate and the
/// one-sided p-value under the permutation null, and a bootstrap CI over runs (only for "all").
/// </summary>
public sealed record EventRate(string Metric, string Model, int Pairs, int Hits, double? HitRate, double? NullRate, double? NullP,
    ConfidenceInterval? CiOverRuns, string Status);

/// <summary>The event-precursor analysis: metrics, their values per task, hit rates and the paper's value.</summary>
public sealed record EventPrecursorSection(string Definition, IReadOnlyList<EventMetric> Metrics, IReadOnlyList<EventValue> Values,
    IReadOnlyList<EventRate> Rates, PaperValue Paper);

/// <summary>
/// Event-based precursors scored as predictors of emergence order. Per run, E_T is the emergence step of the
/// task accuracy (mean over levels, the emergence rule); v_T the metric's value (<see cref="EventMetrics"/>).
/// For a metric with direction d ∈ {+1, −1}, a task pair (i, j) with both values and both emergence steps is a
/// hit when d (v_i − v_j)(E_i − E_j) &gt; 0 and a miss when &lt; 0; ties are left out.
/// <code>
///   d         = sign of Σ over all runs' pairs of sign((v_i − v_j)(E_i − E_j))  (+1 on a tie), fitted once per metric
///   hit rate  = hits / (hits + misses), per size (pairs within each run of that size) and over all runs
/// </code>
/// Fitting d makes every rate at least 1/2 over all runs, so chance is not 50%: the null permutes E among
/// the emerged tasks of each run (R replicates, <see cref="AnalysisOptions.NullReplicates"/>, seeded by
/// <see cref="StableSeed"/>), refits d on the permuted data and recomputes every rate; null rate = mean over
/// replicates, p = (1 + #{null ≥ observed}) / (1 + R) (<see cref="NullDistribution.PValue"/>). The 95%
/// CI over all runs is the cluster bootstrap over runs (<see cref="Bootstrap.Rate"/>).
/// </summary>
internal static class EventPrecursors
{
    public static EventPrecursorSection Analyze(IReadOnlyList<RunData> runs, IReadOnlyList<string> models, AnalysisOptions options)
    {
        var values = runs.SelectMany(r => EventMetrics.Values(r, options)).ToList();
        var emergence = runs.ToDictionary(r => r.Label, r => r.Tasks.ToDictionary(t => t.Name(),
            t => EmergenceDetector.Detect(r.Steps, r.TaskAccuracy(t), options.AccuracyThreshold, options.ConsecutiveCheckpoints).Step));
        var metrics = new List<EventMetric>();
        var rates = new List<EventRate>();
        foreach (var (name, definition) in EventMetrics.All)
        {
            var byRun = runs.Select(r => (Run: r, Points: values.Where(v => v.Run == r.Label && v.Metric == name && v.Value is not null)
                .Select(v => (v.Task, Value: v.Value!.Value)).ToList())).ToList();
            int withValue = byRun.Sum(x => x.Points.Count);
            if (withValue == 0)
            {
                string reason = values.FirstOrDefault(v => v.Metric == name)?.Status ?? "not computable: no run";
                metrics.Add(new(name, definition, null, 0, reason));
                rates.AddRange(models.Append("all").Select(m => new EventRate(name, m, 0, 0, null, null, null, null, reason)));
                continue;
            }
            var observed = Score(byRun.Select(x => (x.Run, x.Points, emergence[x.Run.Label])).ToList(), models);
            var nulls = Enumerable.Range(0, options.NullReplicates).Select(rep => Score(byRun.Select(x =>
                (x.Run, x.Points, Permuted(emergence[x.Run.Label], StableSeed.Random(options.RandomSeed, $"events|{name}|{x.Run.Label}|{rep}")))).ToList(), models)).ToList();
            metrics.Add(new(name, definition, observed.Direction, withValue, "computed"));
            foreach (var model in models.Append("all"))
            {
                var (hits, pairs) = observed.Counts[model];
                double? rate = pairs == 0 ? null : (double)hits / pairs;
                var nullRates = nulls.Select(n => n.Counts[model]).Where(c => c.Pairs > 0).Select(c => (double)c.Hits / c.Pairs).ToList();
                var ci = model == "all" ? Bootstrap.Rate(observed.Outcomes, "runs", options.BootstrapResamples, StableSeed.Random(options.RandomSeed, $"events|{name}|bootstrap")) : null;
                rates.Add(new(name, model, pairs, hits, rate, nullRates.Count == 0 ? null : nullRates.Average(),
                    rate is null ? null : NullDistribution.PValue(rate.Value, nullRates), ci,
                    pairs == 0 ? "not computable: no task pair with values and emergence steps that differ" : "computed"));
            }
        }
        return new EventPrecursorSection(
            "Event metrics: one value per run and task (matched checkpoint = last recorded at step <= " + EventMetrics.MatchedHorizon(options) +
            "). Hit: a task pair ordered by the metric (in the direction d fitted once over all runs: +1 = larger value, later emergence) as by the emergence step of the task accuracy; " +
            "hit rate = hits / decided pairs (ties and tasks never emerged left out), per size and over all runs. Null: emergence steps permuted among each run's emerged tasks, d refitted, " +
            $"{options.NullReplicates} replicates; p = (1 + #null >= observed) / (1 + R). CI: bootstrap over runs.",
            metrics, values, rates, PaperValues.EventPrecursors);
    }

    private sealed record Scored(int Direction, Dictionary<string, (int Hits, int Pairs)> Counts, List<(string Cluster, bool Outcome)> Outcomes);

    private static Scored Score(IReadOnlyList<(RunData Run, List<(string Task, double Value)> Points, Dictionary<string, long?> Emergence)> runs, IReadOnlyList<string> models)
    {
        var signs = runs.Select(r => (r.Run, Signs: PairSigns(r.Points, r.Emergence))).ToList();
        int direction = signs.Sum(s => s.Signs.Sum()) >= 0 ? 1 : -1;
        var counts = models.Append("all").ToDictionary(m => m, m =>
        {
            var decided = signs.Where(s => m == "all" || s.Run.Model == m).SelectMany(s => s.Signs).ToList();
            return (decided.Count(x => x == direction), decided.Count);
        });
        var outcomes = signs.SelectMany(s => s.Signs.Select(x => (s.Run.Label, x == direction))).ToList();
        return new Scored(direction, counts, outcomes);
    }

    /// <summary>sign((v_i − v_j)(E_i − E_j)) of every decided pair (non-zero), tasks without an emergence step left out.</summary>
    public static List<int> PairSigns(IReadOnlyList<(string Task, double Value)> points, IReadOnlyDictionary<string, long?> emergence)
    {
        var usable = points.Where(p => emergence.TryGetValue(p.Task, out var e) && e is not null).ToList();
        var signs = new List<int>();
        for (int i = 0; i < usable.Count; i++)
            for (int j = i + 1; j < usable.Count; j++)
            {
                int s = Math.Sign((usable[i].Value - usable[j].Value) * (double)(emergence[usable[i].Task]!.Value - emergence[usable[j].Task]!.Value));
                if (s != 0) signs.Add(s);
            }
        return signs;
    }

    private static Dictionary<string, long?> Permuted(Dictionary<string, long?> emergence, Random random)
    {
        var emerged = emergence.Where(kv => kv.Value is not null).ToList();
        var steps = emerged.Select(kv => kv.Value).ToArray();
        random.Shuffle(steps);
        var permuted = emergence.ToDictionary(kv => kv.Key, kv => kv.Value);
        for (int i = 0; i < emerged.Count; i++) permuted[emerged[i].Key] = steps[i];
        return permuted;
    }
}
