namespace Emergence.Study;

/// <summary>
/// One interval between consecutive checkpoints k−1 and k of a run. The trainer reads a
/// checkpoint's <c>wall_seconds</c> when it reaches the checkpoint, before that checkpoint's
/// evaluation, saving and measures; so the interval's clock time holds checkpoint k−1's work and
/// the steps in between, and <paramref name="Seconds"/> = wall_k − wall_(k−1) − (measures timed at k−1).
/// </summary>
/// <param name="From">Step of checkpoint k−1.</param>
/// <param name="Steps">Training steps in the interval (step_k − step_(k−1)).</param>
/// <param name="Seconds">Clock seconds of the interval less the measures run at checkpoint k−1: the steps and checkpoint k−1's other work.</param>
/// <param name="CrossesSitting">True when the run was resumed within the interval (see <see cref="TrainingTimeFit.CrossesSitting"/>); such an interval is not fitted.</param>
public readonly record struct CheckpointInterval(long From, long Steps, double Seconds, bool CrossesSitting);

/// <summary>
/// Seconds per training step a and per checkpoint o (evaluation, saving, everything a checkpoint
/// does besides its timed measures), fitted to Seconds = Steps × a + o over a run's intervals.
/// Robust choices: for each interval length (10, 100, 500, 2,000 steps in the paper's schedule)
/// the median of its <see cref="RecentPerLength"/> most recent fitted intervals stands for it; a
/// straight line is fitted to those medians by least squares weighted by their interval counts;
/// a negative intercept or slope is set to 0 and the other refitted. Two lengths at least identify
/// both a and o; with one (every interval of the same length, e.g. the dense early checkpoints)
/// only the total per interval is known, and <see cref="Project"/> gives the range it allows.
/// The machine's load changes both over time; the medians of different lengths come from different
/// periods of the run.
/// </summary>
/// <param name="SecondsPerStep">a, in seconds; null when not identified.</param>
/// <param name="SecondsPerCheckpoint">o, in seconds; null when not identified.</param>
/// <param name="Lengths">Per interval length: its steps, the median seconds and the intervals behind it, in increasing length.</param>
/// <param name="Intervals">Intervals not crossing a sitting (of which the latest <see cref="RecentPerLength"/> of each length are fitted).</param>
/// <param name="Excluded">Intervals not fitted because a resume fell inside them.</param>
public sealed record TrainingTimeFit(double? SecondsPerStep, double? SecondsPerCheckpoint,
    IReadOnlyList<(long Steps, double Seconds, int Count)> Lengths, int Intervals, int Excluded)
{
    /// <summary>Most recent intervals of one length whose median stands for that length.</summary>
    public const int RecentPerLength = 10;

    /// <summary>Seconds by which a resumed interval's commit times exceed its clock beyond <see cref="ResumeRelativeTolerance"/> × its seconds.</summary>
    public const double ResumeToleranceSeconds = 60;

    /// <summary>The relative part of the resume tolerance.</summary>
    public const double ResumeRelativeTolerance = 0.25;

    /// <summary>Whether both parts are identified (two interval lengths at least).</summary>
    public bool Identified => SecondsPerStep is not null;

    /// <summary>
    /// Whether a resume fell inside an interval. A resumed trainer continues the clock from the
    /// last checkpoint's <c>wall_seconds</c>, so the interval misses that checkpoint's evaluation and
    /// measures (lost with the stopped process) and holds the new process's start-up; its commit
    /// times (<c>recorded_at</c>, after each checkpoint's work) hold the pause as well. Within one
    /// process, commit-to-commit time less the measures of checkpoint k equals clock time less the
    /// measures of checkpoint k−1 up to the difference of the two checkpoints' other work. Resumed:
    /// <paramref name="clockSeconds"/> ≤ 0, or the commit side exceeds it by more than
    /// <see cref="ResumeToleranceSeconds"/> + <see cref="ResumeRelativeTolerance"/> × <paramref name="clockSeconds"/>.
    /// </summary>
    /// <param name="clockSeconds">wall_k − wall_(k−1) − measures at k−1.</param>
    /// <param name="commitSeconds">recorded_k − recorded_(k−1) − measures at k.</param>
    public static bool CrossesSitting(double clockSeconds, double commitSeconds) =>
        clockSeconds <= 0 || commitSeconds - clockSeconds > ResumeToleranceSeconds + ResumeRelativeTolerance * clockSeconds;

    /// <summary>Fits a and o to the intervals not crossing a sitting (and of finite seconds).</summary>
    public static TrainingTimeFit Fit(IReadOnlyList<CheckpointInterval> intervals)
    {
        var used = intervals.Where(i => !i.CrossesSitting && i.Steps > 0 && double.IsFinite(i.Seconds)).ToList();
        var lengths = used.GroupBy(i => i.Steps).OrderBy(g => g.Key)
            .Select(g => (g.Key, MathNet.Numerics.Statistics.Statistics.Median(g.TakeLast(RecentPerLength).Select(i => i.Seconds)), Math.Min(g.Count(), RecentPerLength)))
            .ToList();
        int excluded = intervals.Count(i => i.CrossesSitting);
        if (lengths.Count < 2) return new(null, null, lengths, used.Count, excluded);
        var (a, o) = WeightedLine(lengths);
        if (o < 0)
        {
            o = 0;
            a = lengths.Sum(l => l.Item3 * l.Item2 * l.Key) / lengths.Sum(l => l.Item3 * (double)l.Key * l.Key);
        }
        if (a < 0)
        {
            a = 0;
            o = lengths.Sum(l => l.Item3 * l.Item2) / lengths.Sum(l => l.Item3);
        }
        return new(a, o, lengths, used.Count, excluded);
    }

    /// <summary>Least squares y = a·n + o with weights w: a = Σw(n−n̄)(y−ȳ) / Σw(n−n̄)², o = ȳ − a·n̄ (weighted means).</summary>
    private static (double A, double O) WeightedLine(IReadOnlyList<(long Steps, double Seconds, int Count)> points)
    {
        double w = points.Sum(p => p.Count);
        double meanN = points.Sum(p => p.Count * (double)p.Steps) / w, meanY = points.Sum(p => p.Count * p.Seconds) / w;
        double sxy = points.Sum(p => p.Count * (p.Steps - meanN) * (p.Seconds - meanY));
        double sxx = points.Sum(p => p.Count * (p.Steps - meanN) * (p.Steps - meanN));
        double a = sxy / sxx;
        return (a, meanY - a * meanN);
    }

    /// <summary>
    /// Seconds of <paramref name="steps"/> steps and <paramref name="checkpoints"/> checkpoints: exact
    /// when identified; with one interval length n of T seconds, a ∈ [0, T/n] and o = T − n·a, so the
    /// time checkpoints·T + a·(steps − n·checkpoints) lies between its values at the two ends;
    /// null when no interval was fitted.
    /// </summary>
    public SecondsRange? Project(long steps, long checkpoints)
    {
        if (SecondsPerStep is double a && SecondsPerCheckpoint is double o) return SecondsRange.Exact(steps * a + checkpoints * o);
        if (Lengths.Count == 0) return null;
        var (n, total, _) = Lengths[0];
        double allOverhead = checkpoints * total, allSteps = steps * total / n;
        return new SecondsRange(Math.Min(allOverhead, allSteps), Math.Max(allOverhead, allSteps));
    }
}

/// <summary>A time known to lie between <paramref name="Low"/> and <paramref name="High"/> seconds (equal when exact).</summary>
/// <param name="Low">Lower end, seconds.</param>
/// <param name="High">Upper end, seconds.</param>
public readonly record struct SecondsRange(double Low, double High)
{
    /// <summary>A time known exactly.</summary>
    public static SecondsRange Exact(double seconds) => new(seconds, seconds);

    /// <summary>Whether both ends are equal.</summary>
    public bool IsExact => Low == High;

    /// <summary>The sum of two ranges.</summary>
    public static SecondsRange operator +(SecondsRange x, SecondsRange y) => new(x.Low + y.Low, x.High + y.High);
}
