using Emergence.Storage;

namespace Emergence.Analysis;

/// <summary>How the cross-correlation null distribution is built (PROTOCOL §5, beyond the paper).</summary>
public enum NullMethod
{
    /// <summary>The measure's first-difference series is rotated by a random offset s: x'_t = x_{(t+s) mod n}.</summary>
    CircularShift,
    /// <summary>The measure's first-difference series keeps its Fourier amplitudes; phases are drawn uniformly.</summary>
    PhaseRandomised,
}

/// <summary>
/// Every threshold of the analyses (PROTOCOL §5) as an option. Defaults are the paper's where it gives
/// one, otherwise ours (documented on each property and in results.json).
/// </summary>
public sealed record AnalysisOptions
{
    /// <summary>Emergence: accuracy must exceed this (strictly). Paper: 0.1.</summary>
    public double AccuracyThreshold { get; init; } = 0.1;

    /// <summary>Emergence: for at least this many consecutive checkpoints. Paper: 5.</summary>
    public int ConsecutiveCheckpoints { get; init; } = 5;

    /// <summary>
    /// Log-probability variant of emergence: <c>answer_logprob</c> (mean over items of the summed
    /// log-probability of the whole answer incl. &lt;eos&gt;) must exceed this. Default ln 0.1 = -2.3026:
    /// the geometric-mean probability of the complete correct answer exceeds 0.1, the same bar as
    /// the accuracy rule.
    /// </summary>
    public double LogProbThreshold { get; init; } = Math.Log(0.1);

    /// <summary>Collapse floor: minimum task RankMe over checkpoints with step &lt;= this. Paper: 200.</summary>
    public long CollapseWindowSteps { get; init; } = 200;

    /// <summary>Recovery after the floor is measured over steps (floor step, floor step + this]. Default 2,000.</summary>
    public long RecoveryWindowSteps { get; init; } = 2000;

    /// <summary>Top-down propagation counts only models with at least this many layers. Paper: 4.</summary>
    public int TopDownMinLayers { get; init; } = 4;

    /// <summary>Top-down criteria include the embedding output (layer 0) as the first layer. Default: no (blocks 1..L).</summary>
    public bool TopDownIncludeEmbedding { get; init; }

    /// <summary>Dense early checkpoints: spacing and horizon that must all be present for the layer-order analysis. 10 / 300.</summary>
    public long DenseSpacing { get; init; } = 10;
    /// <summary>Dense early checkpoints: the last step that must be present. 300.</summary>
    public long DenseHorizon { get; init; } = 300;

    /// <summary>Precursor: cross-correlation over lags -MaxLag..+MaxLag checkpoints. Paper: 20.</summary>
    public int MaxLag { get; init; } = 20;

    /// <summary>Precursor: peak |r| must exceed this. Paper: 0.3.</summary>
    public double CorrelationThreshold { get; init; } = 0.3;

    /// <summary>Sensitivity thresholds reported next to the main one. Paper: 0.2, 0.4.</summary>
    public IReadOnlyList<double> SensitivityThresholds { get; init; } = [0.2, 0.4];

    /// <summary>A lag's correlation needs at least this many (measure, accuracy) pairs; fewer → not used. Default 10.</summary>
    public int MinPairs { get; init; } = 10;

    /// <summary>Probe lead: the final block's probe accuracy must exceed its chance by more than this (then for <see cref="ConsecutiveCheckpoints"/>). Default 0.1.</summary>
    public double ProbeMargin { get; init; } = 0.1;

    /// <summary>
    /// The behavioural series the precursor test correlates each measure with: <c>accuracy</c> (default;
    /// exact match) or <c>answer_logprob</c> (the summed log-probability of the correct answer). The paper
    /// records both and does not say which its cross-correlations used.
    /// </summary>
    public string Behaviour { get; init; } = MetricNames.Accuracy;

    /// <summary>The behavioural series <see cref="Behaviour"/> may name.</summary>
    public static IReadOnlyList<string> Behaviours { get; } = [MetricNames.Accuracy, MetricNames.AnswerLogprob];

    /// <summary>Measures analysed for precursors, by metric name (docs/metrics.md).</summary>
    public IReadOnlyList<string> Measures { get; init; } =
        [MetricNames.RankMe, MetricNames.FisherErank, MetricNames.FisherErankTop20, MetricNames.GradcovErank, MetricNames.HessianEig, MetricNames.HessianTrace, MetricNames.Llc];

    /// <summary>Model-wide metrics recorded over several levels (hessian_eig: level = rank k) use this level. Default 1 (top eigenvalue).</summary>
    public int ModelWideLevel { get; init; } = 1;

    /// <summary>
    /// Null surrogate. Default phase randomisation: its surrogates are nearly independent of each other, so
    /// per-unit p-values hold their nominal level. Circular shifts of a series of n checkpoints give only about
    /// n / (2L+1) distinct lag windows, so per-unit p-values from them are unreliable on short series (rate
    /// nulls, which average over units, are fine).
    /// </summary>
    public NullMethod Null { get; init; } = NullMethod.PhaseRandomised;

    /// <summary>Null replicates per precursor unit. Default 200.</summary>
    public int NullReplicates { get; init; } = 200;

    /// <summary>Bootstrap resamples for confidence intervals over more than <see cref="Bootstrap.MaxExactClusters"/> clusters (fewer are enumerated exactly); 0 = no intervals. Default 1,000; interval is the percentile 95% one.</summary>
    public int BootstrapResamples { get; init; } = 1000;

    /// <summary>Seed of every random draw (null and bootstrap), for reproducibility.</summary>
    public int RandomSeed { get; init; } = 12345;

    /// <summary>
    /// Which checkpoints every analysis uses. Default <see cref="CheckpointGrid.Stored"/> (all of them);
    /// <see cref="CheckpointGrid.Paper"/> keeps only the paper's schedule, to check what the dense early
    /// checkpoints change (lags are counted in checkpoints).
    /// </summary>
    public CheckpointGrid CheckpointGrid { get; init; } = CheckpointGrid.Stored;

    /// <summary>Top-level configuration keys that may differ between runs analysed together.</summary>
    public IReadOnlyList<string> AllowedConfigDifferences { get; init; } =
        ["model", "seed", "steps", "peak_learning_rate", "warmup_steps", "save_weights"];

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad option.</summary>
    public void Validate()
    {
        if (!(AccuracyThreshold is >= 0 and < 1)) throw new ArgumentException($"--accuracy-threshold must be in [0, 1) (got {AccuracyThreshold}).");
        if (ConsecutiveCheckpoints < 1) throw new ArgumentException($"--consecutive must be at least 1 (got {ConsecutiveCheckpoints}).");
        if (double.IsNaN(LogProbThreshold) || LogProbThreshold > 0) throw new ArgumentException($"--logprob-threshold must be a log-probability <= 0 (got {LogProbThreshold}).");
        if (CollapseWindowSteps < 0) throw new ArgumentException($"--collapse-window must be >= 0 (got {CollapseWindowSteps}).");
        if (RecoveryWindowSteps <= 0) throw new ArgumentException($"--recovery-window must be positive (got {RecoveryWindowSteps}).");
        if (TopDownMinLayers < 2) throw new ArgumentException($"--top-down-min-layers must be at least 2 (got {TopDownMinLayers}).");
        if (DenseSpacing <= 0 || DenseHorizon < DenseSpacing) throw new ArgumentException($"Dense early schedule needs 0 < spacing <= horizon (got {DenseSpacing}, {DenseHorizon}).");
        if (MaxLag < 1) throw new ArgumentException($"--max-lag must be at least 1 (got {MaxLag}).");
        foreach (var t in SensitivityThresholds.Prepend(CorrelationThreshold))
            if (!(t is >= 0 and < 1)) throw new ArgumentException($"Correlation thresholds must be in [0, 1) (got {t}).");
        if (!(ProbeMargin is >= 0 and < 1)) throw new ArgumentException($"--probe-margin must be in [0, 1) (got {ProbeMargin}).");
        if (MinPairs < 3) throw new ArgumentException($"--min-pairs must be at least 3 (got {MinPairs}).");
        if (Measures.Count == 0) throw new ArgumentException("--measures needs at least one metric name.");
        if (!Behaviours.Contains(Behaviour)) throw new ArgumentException($"--behaviour must be one of {string.Join(", ", Behaviours)} (got '{Behaviour}').");
        if (!Enum.IsDefined(CheckpointGrid)) throw new ArgumentException($"--checkpoint-grid must be one of {string.Join(", ", CheckpointGrids.Names)} (got {CheckpointGrid}).");
        if (NullReplicates < 0) throw new ArgumentException($"--null-replicates must be >= 0 (got {NullReplicates}).");
        if (BootstrapResamples < 0) throw new ArgumentException($"--bootstrap must be >= 0 (got {BootstrapResamples}).");
    }
}
