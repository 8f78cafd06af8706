using Emergence.Storage;

namespace Emergence.Analysis;

/// <summary>The paper's headline numbers (PROTOCOL §7), shown next to ours.</summary>
internal static class PaperValues
{
    public static readonly PaperValue Emergence = new("emergence events", "120 of 120 task-level x size", "119 of 120 (v3)");

    public static readonly IReadOnlyDictionary<string, PaperValue> Floors = new Dictionary<string, PaperValue>
    {
        ["MOD"] = new("MOD collapse floor across sizes", "2.12 +- 0.17, CV 0.08", "~2.0"),
        ["ADD"] = new("ADD collapse floor across sizes", "3.93 +- 0.70", null),
        ["SORT"] = new("SORT collapse floor across sizes", "6.16 +- 3.01", null),
        ["MUL"] = new("MUL collapse floor across sizes", "5.25 +- 2.18", null),
    };

    public static readonly PaperValue TopDown = new("top-down consistency", "32/32", "28/32 (v3)");

    public static readonly IReadOnlyDictionary<string, PaperValue> Precursor = new Dictionary<string, PaperValue>
    {
        [MetricNames.RankMe] = new("RankMe precursor rate, nano", "86%, median lead ~700 steps", null),
        ["rankme/hard"] = new("RankMe precursor, hard tasks (nano..medium)", "100/100/75/75%", "100% all sizes (v3)"),
        [MetricNames.FisherErank] = new("Fisher precursor", "~62%", null),
        [MetricNames.FisherErankTop20] = new("Fisher (top 20) precursor", "~62%", null),
        [MetricNames.GradcovErank] = new("grad-cov precursor", "~50%", null),
        [MetricNames.HessianEig] = new("Hessian precursor", "17%", null),
        [MetricNames.Llc] = new("LLC precursor", "0 of 24", null),
    };

    public static readonly IReadOnlyDictionary<string, string> HardRankMeByModel = new Dictionary<string, string>
    {
        ["nano"] = "100%", ["micro"] = "100%", ["small"] = "75%", ["medium"] = "75%",
    };

    public static readonly PaperValue Spearman = new("early RankMe vs emergence order", "rho 0.57-0.90", null);

    public static readonly IReadOnlyDictionary<string, PaperValue> Concordance = new Dictionary<string, PaperValue>
    {
        ["cross-class"] = new("concordance cross-class", "88%", null),
        ["within-hard"] = new("concordance within hard", "78%", "69% (v3)"),
        ["within-easy"] = new("concordance within easy", "27%", "52% (v3)"),
    };

    public static readonly PaperValue Swap = new("swap test", "26%", "26%");

    public static readonly IReadOnlyDictionary<string, PaperValue> FisherLlc = new Dictionary<string, PaperValue>
    {
        ["ratio"] = new("LLC / (Fisher effective rank / 2) at convergence (steps >= 50K)", "about 1.0 for 3 of 4 hard tasks", null),
        ["rho"] = new("Spearman rho(LLC, Fisher effective rank) along the trajectory", "0.32 pooled; +0.04 to +0.46 per task", null),
        ["denoised"] = new("Table 9: rho after nine Fisher-spectrum denoisings", "0.28-0.34", null),
    };

    public static readonly PaperValue EventPrecursors = new("event-based precursors (13 metrics)", "none above 69% across sizes", null);
}
