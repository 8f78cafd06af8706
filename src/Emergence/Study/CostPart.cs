using Emergence.Measures;

namespace Emergence.Study;

/// <summary>
/// One part of a run's cost: training steps, checkpoint overhead, or one measure, with what the
/// store measured of it and what a stretch of the run needs of it.
/// </summary>
/// <param name="Name">"training", "checkpoint overhead", "training + checkpoint overhead" (when the two are not identified apart) or a measure (see <see cref="MeasureCost"/>).</param>
/// <param name="Unit">What one unit is: "step", "checkpoint", or "N-step interval".</param>
/// <param name="MeasuredUnits">Units behind <paramref name="SecondsPerUnit"/> (steps, checkpoints or intervals fitted; checkpoints a measure ran at).</param>
/// <param name="SecondsPerUnit">Seconds per unit: recorded or fitted, or a measure's mean; null when not measured yet.</param>
/// <param name="MedianSecondsPerUnit">A measure's median seconds per checkpoint, or the recorded training parts' median per interval; null for fitted training parts.</param>
/// <param name="LatestSecondsPerUnit">A measure's seconds at the last checkpoint it ran at, or the recorded training parts' latest; null for fitted training parts.</param>
/// <param name="Units">Units the stretch needs.</param>
/// <param name="Seconds">The stretch's seconds of this part (a range for "training + checkpoint overhead"); null when unknown.</param>
public sealed record CostPart(string Name, string Unit, long MeasuredUnits, double? SecondsPerUnit, double? MedianSecondsPerUnit,
    double? LatestSecondsPerUnit, long Units, SecondsRange? Seconds)
{
    /// <summary>The sum of the known parts and the names of those whose time is unknown while units remain.</summary>
    public static (SecondsRange Known, IReadOnlyList<string> Unknown) Total(IEnumerable<CostPart> parts)
    {
        var known = SecondsRange.Exact(0);
        var unknown = new List<string>();
        foreach (var part in parts)
        {
            if (part.Seconds is SecondsRange seconds) known += seconds;
            else if (part.Units > 0) unknown.Add(part.Name);
        }
        return (known, unknown);
    }
}

/// <summary>
/// What one measure cost at the checkpoints it ran at, from its <c>cost_seconds.&lt;measure&gt;</c>
/// rows. Fisher and gradcov are one part: the checkpoint times their shared per-example gradients
/// once and stores half under each name (the whole under the one that ran alone), so their rows
/// at a checkpoint are summed, never counted twice; a plan running either runs the part. A
/// measure's cost changes over training (the Hessian's Lanczos and the LLC's chains at random
/// initialisation take far longer than later; the machine's load varies): projections use the mean
/// over every checkpoint measured so far, and the median and the latest are given beside it.
/// </summary>
/// <param name="Name">The measures' names joined by '+', e.g. "rankme", "fisher+gradcov".</param>
/// <param name="Kinds">The measures timed together.</param>
/// <param name="MeasuredAt">Steps of the checkpoints at which any of them has a cost row.</param>
/// <param name="MeanSeconds">Mean seconds per checkpoint measured; null when none.</param>
/// <param name="MedianSeconds">Median of the same; null when none.</param>
/// <param name="LatestSeconds">Seconds at the last checkpoint measured; null when none.</param>
public sealed record MeasureCost(string Name, IReadOnlyList<MeasureKind> Kinds, IReadOnlyList<long> MeasuredAt, double? MeanSeconds, double? MedianSeconds,
    double? LatestSeconds)
{
    /// <summary>The measures timed together, in the protocol's order: gradcov with Fisher, every other alone.</summary>
    public static IReadOnlyList<IReadOnlyList<MeasureKind>> Groups { get; } =
        [.. MeasureSelection.All.GroupBy(k => k == MeasureKind.GradCov ? MeasureKind.Fisher : k).Select(g => (IReadOnlyList<MeasureKind>)[.. g])];

    /// <summary>Seconds per checkpoint of a group from the per-checkpoint sums of its cost rows (step to seconds).</summary>
    public static MeasureCost Of(IReadOnlyList<MeasureKind> kinds, IReadOnlyDictionary<long, double> secondsByStep)
    {
        var values = secondsByStep.OrderBy(p => p.Key).Select(p => p.Value).ToList();
        return new(string.Join("+", kinds.Select(MeasureSelection.NameOf)), kinds, [.. secondsByStep.Keys.Order()],
            values.Count > 0 ? values.Average() : null,
            values.Count > 0 ? MathNet.Numerics.Statistics.Statistics.Median(values) : null,
            values.Count > 0 ? values[^1] : null);
    }
}
