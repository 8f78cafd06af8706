namespace Emergence.Reporting;

/// <summary>
/// The paper's headline results (PROTOCOL §7) with acceptance intervals. A range the paper reports
/// across versions (v1 and v3) is accepted whole; a single percentage is accepted within 15 points;
/// a collapse floor within two of the paper's standard deviations of its mean.
/// </summary>
internal static class PaperClaims
{
    public static PaperClaim EmergenceEvents { get; } = new("emergence-events",
        "Task-level x size pairs that emerge (share)", "120/120 (v1); 119/120 (v3)", 0.95, 1.0,
        "share ≥ 95%", ValueUnit.Percent);

    public static PaperClaim ModFloor { get; } = new("mod-floor",
        "MOD collapse floor (mean RankMe over sizes)", "2.12 ± 0.17, CV 0.08 (v1); ~2.0 later", 2.12 - 2 * 0.17, 2.12 + 2 * 0.17,
        "within 2 sd of 2.12");

    public static PaperClaim ModFloorCv { get; } = new("mod-floor-cv",
        "MOD collapse floor, CV across sizes", "0.08", 0, 0.16, "CV ≤ 0.16 (scale-invariant)");

    public static PaperClaim AddFloor { get; } = new("add-floor",
        "ADD collapse floor (mean RankMe over sizes)", "3.93 ± 0.70", 3.93 - 2 * 0.70, 3.93 + 2 * 0.70, "within 2 sd of 3.93");

    public static PaperClaim SortFloor { get; } = new("sort-floor",
        "SORT collapse floor (mean RankMe over sizes)", "6.16 ± 3.01", Math.Max(0, 6.16 - 2 * 3.01), 6.16 + 2 * 3.01, "within 2 sd of 6.16");

    public static PaperClaim MulFloor { get; } = new("mul-floor",
        "MUL collapse floor (mean RankMe over sizes)", "5.25 ± 2.18", Math.Max(0, 5.25 - 2 * 2.18), 5.25 + 2 * 2.18, "within 2 sd of 5.25");

    public static PaperClaim TopDown { get; } = new("top-down",
        "Top-down consistent task x model (share, >= 4 layers)", "32/32 (v1); 28/32 (v3)", 28.0 / 32, 1.0,
        "share ≥ 28/32", ValueUnit.Percent);

    public static PaperClaim RankMePrecursorNano { get; } = new("rankme-precursor-nano",
        "RankMe precursor rate, nano", "86%, median lead ~700 steps", 0.71, 1.0, "within 15 points of 86%", ValueUnit.Percent);

    public static PaperClaim RankMePrecursorHard { get; } = new("rankme-precursor-hard",
        "RankMe precursor rate, hard tasks", "100/100/75/75% (v1); 100% (v3)", 0.75, 1.0, "share ≥ 75%", ValueUnit.Percent);

    public static PaperClaim FisherPrecursor { get; } = new("fisher-precursor",
        "Fisher effective-rank precursor rate", "~62%", 0.47, 0.77, "within 15 points of 62%", ValueUnit.Percent);

    public static PaperClaim GradCovPrecursor { get; } = new("gradcov-precursor",
        "Gradient-covariance precursor rate", "~50%", 0.35, 0.65, "within 15 points of 50%", ValueUnit.Percent);

    public static PaperClaim HessianPrecursor { get; } = new("hessian-precursor",
        "Hessian precursor rate", "17%", 0.02, 0.32, "within 15 points of 17%", ValueUnit.Percent);

    public static PaperClaim LlcPrecursor { get; } = new("llc-precursor",
        "LLC precursor rate", "0 of 24", 0, 0.15, "at most 15%", ValueUnit.Percent);

    public static PaperClaim EarlyRankMeRho { get; } = new("early-rankme-rho",
        "Spearman rho, early RankMe vs emergence step", "0.57-0.90", 0.57, 0.90, "within 0.57-0.90");

    public static PaperClaim ConcordanceCrossClass { get; } = new("concordance-cross",
        "Concordance, cross-class pairs", "88%", 0.73, 1.0, "within 15 points of 88%", ValueUnit.Percent);

    public static PaperClaim ConcordanceWithinHard { get; } = new("concordance-hard",
        "Concordance, within-hard pairs", "78% (v1); 69% (v3)", 0.54, 0.93, "within 15 points of 69-78%", ValueUnit.Percent);

    public static PaperClaim ConcordanceWithinEasy { get; } = new("concordance-easy",
        "Concordance, within-easy pairs", "27% (v1); 52% (v3)", 0.12, 0.67, "within 15 points of 27-52%", ValueUnit.Percent);

    public static PaperClaim SwapTest { get; } = new("swap-test",
        "Swap test: reversed pairs predicted by early RankMe", "26%", 0.11, 0.41, "within 15 points of 26%", ValueUnit.Percent);

    public static PaperClaim FisherLlcRatio { get; } = new("fisher-llc-ratio",
        "LLC / (Fisher rank / 2) at convergence, hard tasks (median)", "about 1.0 for 3 of 4 hard tasks", 0.8, 1.2, "within 0.8-1.2");

    public static PaperClaim FisherLlcRho { get; } = new("fisher-llc-rho",
        "Spearman rho(LLC, Fisher rank) along the trajectory, pooled", "0.32 (+0.04 to +0.46 per task)", 0.17, 0.47, "within 0.15 of 0.32");

    public static PaperClaim FisherLlcDenoised { get; } = new("fisher-llc-denoised",
        "Same rho after Fisher-spectrum denoising (Table 9, mean)", "0.28-0.34", 0.13, 0.49, "within 0.15 of 0.28-0.34");

    public static PaperClaim EventPrecursorsMax { get; } = new("event-precursors-max",
        "Event-based precursors: best hit rate of emergence order (13 metrics)", "none above 69% across sizes", 0, 0.84,
        "at most 69% + 15 points", ValueUnit.Percent);

    public static PaperClaim ProbeLead { get; } = new("probe-lead",
        "Linear probe above chance before behaviour emerges (share of task-levels)", "stated in the latest version, no number", 0.5, 1.0,
        "more than half", ValueUnit.Percent);

    public static PaperClaim PythiaCollapse { get; } = new("pythia-collapse",
        "Pythia RankMe change by steps 64-128", "-50% to -75%", -0.75, -0.50, "within -75% to -50%", ValueUnit.Percent);

    public static PaperClaim PythiaOrdering { get; } = new("pythia-ordering",
        "Pythia probe ordering 160M vs 410M (Spearman rho)", "identical, rho 1.0", 0.9, 1.0, "rho ≥ 0.9");

    public static PaperClaim PythiaPrecursor { get; } = new("pythia-precursor",
        "Pythia per-task RankMe precursor rate", "negative (no precursor)", 0, 0.5, "rate ≤ 50%", ValueUnit.Percent);

    /// <summary>All claims, in the order of PROTOCOL §7.</summary>
    public static IReadOnlyList<PaperClaim> All { get; } =
    [
        EmergenceEvents, ModFloor, ModFloorCv, AddFloor, SortFloor, MulFloor, TopDown, RankMePrecursorNano, RankMePrecursorHard,
        FisherPrecursor, GradCovPrecursor, HessianPrecursor, LlcPrecursor, EarlyRankMeRho, ConcordanceCrossClass,
        ConcordanceWithinHard, ConcordanceWithinEasy, SwapTest, FisherLlcRatio, FisherLlcRho, FisherLlcDenoised, EventPrecursorsMax, ProbeLead, PythiaCollapse, PythiaOrdering, PythiaPrecursor,
    ];
}
