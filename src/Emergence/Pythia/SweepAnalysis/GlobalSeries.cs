using Emergence.Storage;

namespace Emergence.Pythia.SweepAnalysis;

/// <summary>A whole-model series of a Pythia sweep tested for a precursor against every probe set's behaviour.</summary>
/// <param name="Label">Its name in tables and results.json (metric name, with [level] when the level matters).</param>
/// <param name="Name">Stored metric name.</param>
/// <param name="Level">Stored level (for <c>hessian_eig</c>, the eigenvalue's rank; else 0).</param>
/// <param name="Layer">Stored layer (<see cref="MetricRow.NoLayer"/> for whole-model values).</param>
public sealed record GlobalSeries(string Label, string Name, int Level = 0, int Layer = MetricRow.NoLayer)
{
    /// <summary>
    /// The global series, in this order: the top Hessian eigenvalue, the spectral density's trace and
    /// negative mass, the gradient-covariance effective rank, the parameter norm and the relative
    /// update size (all parameters).
    /// </summary>
    public static readonly IReadOnlyList<GlobalSeries> All =
    [
        new($"{MetricNames.HessianEig}[1]", MetricNames.HessianEig, Level: 1),
        new(MetricNames.HessianSlqTrace, MetricNames.HessianSlqTrace),
        new(MetricNames.HessianSlqNegativeMass, MetricNames.HessianSlqNegativeMass),
        new(MetricNames.GradcovErank, MetricNames.GradcovErank),
        new(MetricNames.ParamNorm, MetricNames.ParamNorm),
        new(MetricNames.ParamUpdateRelative, MetricNames.ParamUpdateRelative),
    ];

    /// <summary>The series aligned to the run's steps, or null when the run has not recorded it.</summary>
    public double[]? In(PythiaRunData run) => run.Get(Name, "", Layer, Level);
}
