using Emergence.Storage;
using Emergence.Analysis;

namespace Emergence.Pythia.SweepAnalysis;

/// <summary>Everything <c>emergence pythia-analyze</c> reports (results.json).</summary>
public sealed record PythiaAnalysisResult(
    PythiaAnalysisOptions Options,
    IReadOnlyList<PythiaRunSummary> Runs,
    IReadOnlyList<CollapseEntry> Collapse,
    ProbeOrdering Ordering,
    IReadOnlyList<GridPrecursorEntry> Precursors,
    IReadOnlyList<PaperValue> Paper);

/// <summary>One model's store: checkpoints used and duplicates left out.</summary>
public sealed record PythiaRunSummary(string Label, string Model, string Source, int Checkpoints, long FirstStep, long LastStep,
    IReadOnlyList<string> ProbeSets, IReadOnlyList<SkippedCheckpoint> SkippedDuplicates, IReadOnlyList<string>? NonFinite = null);

/// <summary>RankMe of one layer at the depth step and at its own deepest point.</summary>
/// <param name="Layer">Layer index (0 = embedding output).</param>
/// <param name="Baseline">RankMe at the baseline step t₀.</param>
/// <param name="AtDepthStep">RankMe at the final layer's depth step t*.</param>
/// <param name="RelativeAtDepthStep">(v_l(t*) − v_l(t₀)) / v_l(t₀) at the final layer's depth step t*.</param>
/// <param name="Depth">min_t (v_l(t) − v_l(t₀)) / v_l(t₀) of this layer.</param>
/// <param name="DepthStep">The step of this layer's minimum.</param>
public sealed record LayerCollapse(int Layer, double Baseline, double AtDepthStep, double RelativeAtDepthStep, double Depth, long DepthStep);

/// <summary>Collapse depth and timing of one probe set in one model (final layer), with the layer profile.</summary>
/// <param name="Model">Model label.</param>
/// <param name="ProbeSet">Probe set name.</param>
/// <param name="FinalLayer">Index of the final layer.</param>
/// <param name="BaselineStep">The baseline step t₀.</param>
/// <param name="Baseline">Final-layer RankMe at t₀.</param>
/// <param name="Floor">Final-layer RankMe at the depth step.</param>
/// <param name="Layers">Every layer's collapse.</param>
/// <param name="Status">"ok", or "not computable: " and why.</param>
/// <param name="Depth">min over checkpoints of the final layer's relative change from the baseline (≤ 0).</param>
/// <param name="DepthStep">The step where the minimum is reached (the earliest, on ties).</param>
public sealed record CollapseEntry(string Model, string ProbeSet, int FinalLayer, long BaselineStep, double? Baseline,
    double? Depth, long? DepthStep, double? Floor, IReadOnlyList<LayerCollapse> Layers, string Status);

/// <summary>A probe set's ranks within one model (1 = deepest collapse / earliest depth step; ties share the mean rank).</summary>
public sealed record ProbeRank(string Model, string ProbeSet, double? Depth, double? DepthRank, long? DepthStep, double? TimingRank);

/// <summary>Spearman ρ between two models' orderings of the probe sets they share.</summary>
public sealed record OrderingCorrelation(string ModelA, string ModelB, string By, int ProbeSets, double? Rho, string Status);

/// <summary>How the models order the probe sets by collapse depth and timing, and how the orderings agree.</summary>
public sealed record ProbeOrdering(string Definition, IReadOnlyList<ProbeRank> Ranks, IReadOnlyList<OrderingCorrelation> Correlations);

/// <summary>
/// Precursor test of one measure series (<see cref="Measure"/>: the probe set's final-layer RankMe, or a
/// global series such as <c>hessian_eig[1]</c>) against one behaviour score of the probe set, after GP
/// interpolation onto the uniform grid. Lags are in grid points (negative = the measure leads);
/// <see cref="LeadDecades"/> = −lag × grid spacing in log10(step + 1).
/// </summary>
public sealed record GridPrecursorEntry(string Model, string ProbeSet, string Behaviour, int Checkpoints, int GridPoints,
    double? GridSpacing, GpFit? MeasureFit, GpFit? BehaviourFit, int? PeakLag, double? PeakR, double? LeadDecades,
    bool? Precursor, double? NullRate, double? PValue, string Status, string Measure = MetricNames.RankMe);

/// <summary>
/// Chosen GP hyper-parameters of one series (ℓ in decades of step + 1, σ² and noise on the standardised series).
/// <see cref="LengthScaleAtGridEdge"/>: ℓ is the shortest or longest candidate, so the likelihood may peak
/// outside the grid (a shortest ℓ on a noisy series means the GP is tracking checkpoint-to-checkpoint noise;
/// a larger <c>--gp-noise</c> smooths it).
/// </summary>
public sealed record GpFit(double LengthScale, double SignalVariance, double NoiseVariance, double LogMarginalLikelihood, bool LengthScaleAtGridEdge);
