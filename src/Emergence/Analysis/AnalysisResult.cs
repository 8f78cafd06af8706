namespace Emergence.Analysis;

/// <summary>Everything the analyses found, as written to results.json.</summary>
public sealed record AnalysisResult
{
    /// <summary>Version of the program that analysed (with its git commit).</summary>
    public required string ProgramVersion { get; init; }
    /// <summary>Every threshold the analyses used.</summary>
    public required AnalysisOptions Options { get; init; }
    /// <summary>Conventions of the numbers (lags, concordance), by name.</summary>
    public required IReadOnlyDictionary<string, string> Conventions { get; init; }
    /// <summary>The runs analysed.</summary>
    public required IReadOnlyList<RunSummary> Runs { get; init; }
    /// <summary>Emergence step of every task-level of every run.</summary>
    public required EmergenceSection Emergence { get; init; }
    /// <summary>Early RankMe collapse floors and recovery.</summary>
    public required CollapseSection CollapseFloors { get; init; }
    /// <summary>Whether collapse propagates from the top layer down.</summary>
    public required TopDownSection TopDown { get; init; }
    /// <summary>Cross-correlation precursor tests of the measures against accuracy.</summary>
    public required PrecursorSection Precursors { get; init; }
    /// <summary>How well collapse floors predict the emergence order.</summary>
    public required PredictionSection Prediction { get; init; }
    /// <summary>The relation between Fisher effective rank and the LLC.</summary>
    public required FisherLlcSection FisherLlc { get; init; }
    /// <summary>Event-based precursor metrics and their hit rates.</summary>
    public required EventPrecursorSection EventPrecursors { get; init; }
    /// <summary>Loss barriers between consecutive checkpoints.</summary>
    public required LossBarrierSection LossBarriers { get; init; }
    /// <summary>Variation over the seeds of one size: emergence-step spread, per-seed precursor rates, order agreement.</summary>
    public required SeedVariationSection SeedVariation { get; init; }
    /// <summary>Linear-probe lead: how many steps before emergence the task information is decodable.</summary>
    public required ProbeLeadSection ProbeLead { get; init; }
    /// <summary>The LLC against its quadratic localisation term, the rescaled Hessian trace.</summary>
    public required LlcTraceSection LlcHessianTrace { get; init; }
    /// <summary>How many stored Hessian and LLC estimates passed their own convergence and sanity checks.</summary>
    public required MeasureQualitySection MeasureQuality { get; init; }
}

/// <summary>One analysed run.</summary>
/// <param name="Label">Name of the run in tables (the model, or model/seed when a model has several seeds).</param>
/// <param name="Model">Model size.</param>
/// <param name="Seed">Training seed.</param>
/// <param name="Layers">Number of transformer blocks.</param>
/// <param name="Source">Absolute path of the run.</param>
/// <param name="Checkpoints">Number of checkpoints.</param>
/// <param name="FirstStep">Step of the first checkpoint.</param>
/// <param name="LastStep">Step of the last checkpoint.</param>
/// <param name="DenseEarly">Whether the run has the dense early checkpoints the layer-order analysis needs.</param>
/// <param name="Diverged">"diverged at step N (quantity value)" when training diverged, else null.</param>
/// <param name="NonFiniteValues">Metric values flagged NaN or infinite in the store.</param>
/// <param name="PlannedSteps">The steps its training configuration asks for (null when unknown).</param>
public sealed record RunSummary(string Label, string Model, int Seed, int Layers, string Source, int Checkpoints, long FirstStep, long LastStep, bool DenseEarly,
    string? Diverged = null, int NonFiniteValues = 0, long? PlannedSteps = null)
{
    /// <summary>Whether the run has not reached its planned steps (and did not diverge).</summary>
    public bool Incomplete => Diverged is null && PlannedSteps is long planned && LastStep < planned;

    /// <summary>What the reports say about a diverged or incomplete run or flagged values; null when there is nothing to say.</summary>
    public string? Warning =>
        Diverged is null && !Incomplete && NonFiniteValues == 0 ? null
        : $"run {Label} " + string.Join(" and ", new[]
          {
              Diverged is null ? null : $"{Diverged}: its last checkpoint is step {LastStep}, nothing after it is measured",
              Incomplete ? $"is not complete: its last checkpoint is step {LastStep:N0} of {PlannedSteps:N0}, so what comes later (a task-level that has not emerged yet, a value read at the end) is not in these numbers" : null,
              NonFiniteValues == 0 ? null : $"has {NonFiniteValues} metric value(s) that came out NaN or infinite (left out, flagged in the store's non_finite table)",
          }.OfType<string>());
}

/// <summary>A number the paper reports, for side-by-side tables (PROTOCOL §7).</summary>
public sealed record PaperValue(string Finding, string V1, string? Later);

/// <summary>Emergence of one task-level in one run by one variant (accuracy or log-probability).</summary>
/// <param name="Run">Run label (<see cref="RunSummary.Label"/>).</param>
/// <param name="Model">Model size.</param>
/// <param name="Seed">Training seed.</param>
/// <param name="TaskLevel">Task-level name.</param>
/// <param name="Variant">The rule's series: <c>accuracy</c>, <c>answer_logprob</c> or <c>accuracy_chance_corrected</c>.</param>
/// <param name="Threshold">The threshold θ the series must exceed at k consecutive checkpoints.</param>
/// <param name="Step">Emergence step, or null when it never emerged or is not computable.</param>
/// <param name="Status">"emerged", "never emerged" or "not computable: reason".</param>
/// <param name="Baseline">The majority-answer baseline b of the task-level under the chance-corrected variant (null for the others).</param>
public sealed record EmergenceEntry(string Run, string Model, int Seed, string TaskLevel, string Variant, double Threshold, long? Step, string Status, double? Baseline = null);

/// <summary>How many task-levels emerged, never emerged or were not computable, per variant.</summary>
public sealed record EmergenceCount(string Variant, int Emerged, int NeverEmerged, int NotComputable, int Total);

/// <summary>The emergence analysis: its definition, entries, counts and the paper's value.</summary>
/// <param name="Definition">The emergence rule and its log-probability variant in words.</param>
/// <param name="Entries">Every run x task-level x variant.</param>
/// <param name="Counts">Emerged / never / not computable per variant.</param>
/// <param name="Paper">The paper's emergence count.</param>
/// <param name="ChanceCorrectedDefinition">The chance-corrected rule (<see cref="ChanceCorrection"/>), reported beside the paper's.</param>
/// <param name="Baselines">Majority-answer baseline of every task-level.</param>
/// <param name="RuleUsedBy">Which emergence rule each downstream analysis uses.</param>
public sealed record EmergenceSection(string Definition, IReadOnlyList<EmergenceEntry> Entries, IReadOnlyList<EmergenceCount> Counts, PaperValue Paper,
    string ChanceCorrectedDefinition, IReadOnlyList<BaselineEntry> Baselines, IReadOnlyDictionary<string, string> RuleUsedBy);

/// <summary>Collapse floor of one task (or pooled series) in one run.</summary>
public sealed record CollapseEntry(string Run, string Model, int Seed, string Task, string Series, CollapseFloorResult Result);

/// <summary>The collapse-floor analysis: entries, their summary across sizes and the paper's values.</summary>
public sealed record CollapseSection(string Definition, IReadOnlyList<CollapseEntry> Entries, IReadOnlyList<FloorSummary> AcrossSizes, IReadOnlyList<PaperValue> Paper);

/// <summary>Top-down propagation of one task in one run.</summary>
public sealed record TopDownEntry(string Run, string Model, int Seed, string Task, TopDownResult Result);

/// <summary>
/// Top-down counts of one model (or "all"). Chance values assume the per-layer RankMe values are in random
/// order: strict = mean over entries of 1/K! (K layers compared), weak = 1/2 (strict by drop has the strict chance).
/// Effective N for the strict rate by design effect over task clusters.
/// </summary>
public sealed record TopDownCount(string Model, int Eligible, int Computable, int Strict, int Weak, int TemporalComputable, int TemporalTopDown,
    double? MeanFirstToLastReduction, double? ChanceStrict, double? ChanceWeak, EffectiveN? EffectiveNStrict, int StrictByDrop = 0);

/// <summary>The top-down analysis: entries, counts per model and the paper's value.</summary>
public sealed record TopDownSection(string Definition, IReadOnlyList<TopDownEntry> Entries, IReadOnlyList<TopDownCount> Counts, PaperValue Paper);

/// <summary>Mean seconds per checkpoint of one measure on one model, from its stored cost rows.</summary>
public sealed record MeasureCost(string Measure, string Model, string? CostMetric, double? MeanSeconds, int Checkpoints, string Status);

/// <summary>The precursor analysis: units, missing series, rates, measure costs and the paper's values.</summary>
public sealed record PrecursorSection(
    string Definition, string LagConvention, IReadOnlyList<PrecursorUnit> Units, IReadOnlyList<PrecursorAnalysis.Missing> Missing,
    IReadOnlyList<PrecursorRate> Rates, IReadOnlyList<MeasureCost> Costs, IReadOnlyList<PaperValue> Paper);

/// <summary>Concordance of collapse floor and emergence order in one run, per split.</summary>
public sealed record RunConcordance(string Run, IReadOnlyList<Concordance> Splits);

/// <summary>The order-swap test of one seed.</summary>
public sealed record SwapSeed(int Seed, SwapTest Test);

/// <summary>The prediction-limits analysis: Spearman per run, concordance, swap tests and the paper's values.</summary>
/// <param name="Definition">The analysis in words.</param>
/// <param name="Spearman">Spearman rho of collapse floor against emergence step, per run.</param>
/// <param name="ConcordanceByRun">Concordance per run and split.</param>
/// <param name="ConcordancePooled">Concordance pooled over runs, per split.</param>
/// <param name="SwapBySeed">The order-swap test of each seed.</param>
/// <param name="SwapPooled">The order-swap test pooled over seeds.</param>
/// <param name="Paper">The paper's values.</param>
/// <param name="ChanceCorrected">Spearman rho and pooled concordance with emergence steps by the chance-corrected rule.</param>
public sealed record PredictionSection(
    string Definition, IReadOnlyList<SpearmanResult> Spearman, IReadOnlyList<RunConcordance> ConcordanceByRun,
    IReadOnlyList<Concordance> ConcordancePooled, IReadOnlyList<SwapSeed> SwapBySeed, SwapTest SwapPooled, IReadOnlyList<PaperValue> Paper,
    PredictionUnderRule ChanceCorrected);

/// <summary>The prediction-limit statistics recomputed with another emergence rule.</summary>
public sealed record PredictionUnderRule(string Rule, IReadOnlyList<SpearmanResult> Spearman, IReadOnlyList<Concordance> ConcordancePooled);
