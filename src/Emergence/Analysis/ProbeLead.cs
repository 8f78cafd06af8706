using Emergence.Storage;
using Emergence.Tasks;
using MathNet.Numerics.Statistics;

namespace Emergence.Analysis;

/// <summary>
/// One task-level of one run: when its probe rose above chance, when its behaviour emerged, and the lead;
/// the same for the control probe trained on permuted labels.
/// </summary>
public sealed record ProbeLeadEntry(string Run, string Model, int Seed, string TaskLevel, string Class, int Layer,
    long? ProbeStep, long? EmergenceStep, long? Lead, long? ControlStep, long? ControlLead, string Status);

/// <summary>Leads (steps, positive = the probe first) of a group of task-levels: count, median, quartiles, share positive.</summary>
public sealed record LeadSummary(int Units, double? Median, double? LowerQuartile, double? UpperQuartile, double? PositiveShare);

/// <summary>The leads of one size (or "all") and class of task-levels, beside those of the control probes.</summary>
/// <param name="Model">Model size, or "all".</param>
/// <param name="Class">"all", "hard" or "easy".</param>
/// <param name="TaskLevels">Task-levels in the group whose probe is stored.</param>
/// <param name="WithProbeStep">Task-levels with a probe step (of those with the probe stored).</param>
/// <param name="Observed">Leads of the task-levels with both a probe step and an emergence step.</param>
/// <param name="Control">The same leads for the control probes (train labels permuted).</param>
/// <param name="ControlWithProbeStep">Task-levels whose control probe has a step.</param>
/// <param name="Status">"computed", or why not.</param>
public sealed record ProbeLeadGroup(string Model, string Class, int TaskLevels, int WithProbeStep, LeadSummary Observed,
    int ControlWithProbeStep, LeadSummary Control, string Status);

/// <summary>The probe-lead analysis (<see cref="ProbeLeads"/>).</summary>
/// <param name="Definition">The rule in words.</param>
/// <param name="Entries">Every run x task-level.</param>
/// <param name="Groups">Lead summaries per size (and "all") and class.</param>
/// <param name="Paper">What the paper reports.</param>
public sealed record ProbeLeadSection(string Definition, IReadOnlyList<ProbeLeadEntry> Entries, IReadOnlyList<ProbeLeadGroup> Groups, PaperValue Paper);

/// <summary>
/// Linear-probe lead (PROTOCOL §5, §4.6). Per run and task-level, with p(t) = <c>probe_accuracy</c> of the final
/// block (layer L) and c(t) = <c>probe_chance</c> at checkpoint t, and the emergence rule (k consecutive
/// recorded checkpoints, <see cref="EmergenceDetector"/>):
/// <code>
///   probe step     P = first step of the first run of k checkpoints with p(t) − c(t) &gt; m   (m = ProbeMargin)
///   emergence step E = the same rule on accuracy &gt; AccuracyThreshold
///   lead           = E − P   (steps; positive: the task information was decodable first)
/// </code>
/// Over the task-levels with both steps, per size and class (all, hard, easy) and over all runs: count, median,
/// quartiles, and the share with a positive lead. Null: the control probe (<c>probe_accuracy_permuted</c>, the same
/// probe trained on permuted train labels and scored on the true test labels) through the same rule. A control
/// with probe steps as early as the real probe's says the "decoding" is the probe's capacity, not the
/// representation's information. (A probe series permuted in time is no null for this claim: a series that rises
/// once and stays up reaches k high values sooner when shuffled, so its leads come out longer, not shorter.)
/// </summary>
public static class ProbeLeads
{
    /// <summary>What the paper reports on probe leads (a claim in its latest version, no number).</summary>
    public static readonly PaperValue Paper = new("task information decodable before behaviour emerges",
        "not in v1", "latest version: linear probes decode task information before emergence (no number given)");

    /// <summary>Status of a task-level (or group) whose run stored no probe series.</summary>
    public const string NotStored = "not computable: probe_accuracy or probe_chance not stored (a run without --measures probe)";

    /// <summary>Entries of every run's task-levels and their summaries per size (and "all") and class.</summary>
    public static ProbeLeadSection Analyze(IReadOnlyList<RunData> runs, IReadOnlyList<string> models, AnalysisOptions options)
    {
        var entries = runs.SelectMany(run => run.TaskLevels.Select(tl => Entry(run, tl, options))).ToList();
        var groups = new List<ProbeLeadGroup>();
        foreach (var model in models.Append("all"))
            foreach (var cls in new[] { "all", "hard", "easy" })
            {
                var group = entries.Where(e => (model == "all" || e.Model == model) && (cls == "all" || e.Class == cls) && e.Status != NotStored).ToList();
                var observed = Summarise([.. group.Where(e => e.Lead is not null).Select(e => (double)e.Lead!.Value)]);
                var control = Summarise([.. group.Where(e => e.ControlLead is not null).Select(e => (double)e.ControlLead!.Value)]);
                groups.Add(new(model, cls, group.Count, group.Count(e => e.ProbeStep is not null), observed, group.Count(e => e.ControlStep is not null), control,
                    observed.Units > 0 ? "computed" : group.Count == 0 ? NotStored : "not computable: no task-level with both a probe step and an emergence step"));
            }
        return new ProbeLeadSection(
            $"Probe step: first step of the first run of {options.ConsecutiveCheckpoints} consecutive recorded checkpoints where the final block's probe accuracy exceeds probe_chance by more than {options.ProbeMargin}; " +
            "emergence step: the accuracy rule; lead = emergence step − probe step (positive: decodable before behaviour emerges). " +
            "Null: the control probe trained on permuted train labels (probe_accuracy_permuted) through the same rule.",
            entries, groups, Paper);
    }

    private static ProbeLeadEntry Entry(RunData run, TaskLevel tl, AnalysisOptions options)
    {
        string cls = tl.Task.Class() == TaskClass.Hard ? "hard" : "easy";
        var emergence = EmergenceDetector.Detect(run.Steps, run.Accuracy(tl), options.AccuracyThreshold, options.ConsecutiveCheckpoints);
        var chance = run.Get(MetricNames.ProbeChance, tl.Task.Name(), tl.Level, -1);
        long? Step(string name)
        {
            var accuracy = run.Get(name, tl.Task.Name(), tl.Level, run.Layers);
            if (accuracy is null || chance is null) return null;
            double[] excess = [.. accuracy.Select((a, i) => a - chance[i])];
            return EmergenceDetector.Detect(run.Steps, excess, options.ProbeMargin, options.ConsecutiveCheckpoints).Step;
        }
        long? Lead(long? probe) => probe is not null && emergence.Step is not null ? emergence.Step - probe : null;
        bool stored = chance is not null && run.Get(MetricNames.ProbeAccuracy, tl.Task.Name(), tl.Level, run.Layers) is not null;
        var (probe, control) = (Step(MetricNames.ProbeAccuracy), Step(MetricNames.ProbeAccuracyPermuted));
        string status = !stored ? NotStored
            : probe is null ? $"probe never above chance + {options.ProbeMargin}"
            : emergence.Step is null ? emergence.Status : "computed";
        return new(run.Label, run.Model, run.Seed, tl.Name, cls, run.Layers, probe, emergence.Step, Lead(probe), control, Lead(control), status);
    }

    /// <summary>Count, median, quartiles and share positive of <paramref name="leads"/> (all null but the count when empty).</summary>
    public static LeadSummary Summarise(IReadOnlyList<double> leads) => leads.Count == 0
        ? new(0, null, null, null, null)
        : new(leads.Count, leads.Median(), leads.LowerQuartile(), leads.UpperQuartile(), leads.Count(l => l > 0) / (double)leads.Count);
}
