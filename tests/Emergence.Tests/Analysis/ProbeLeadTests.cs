using Emergence.Analysis;

namespace Emergence.Tests.Analysis;

public sealed class ProbeLeadTests
{
    private static readonly string[] Tasks = ["ADD", "MOD", "COPY", "SORT"];

    /// <summary>
    /// Task k's probe (final block) jumps from chance 0.2 to 0.8 at step 500 (k + 1) and its accuracy from 0 to 0.9
    /// at lead[k] steps later; the control probe stays at chance, except for SORT's, which is at 0.5 throughout.
    /// </summary>
    private static RunData Run(long[] leads, bool probes = true)
    {
        var run = new SyntheticRun("nano", SyntheticRun.Uniform(100, 100));
        int layer = run.Gpt.Layers;
        for (int k = 0; k < Tasks.Length; k++)
        {
            long probe = 500 * (k + 1), emergence = probe + leads[k];
            run.Accuracy(Tasks[k], 1, t => t >= emergence ? 0.9 : 0);
            if (!probes) continue;
            run.Add("probe_chance", Tasks[k], 1, -1, _ => 0.2);
            run.Add("probe_accuracy", Tasks[k], 1, layer, t => t >= probe ? 0.8 : 0.2);
            run.Add("probe_accuracy_permuted", Tasks[k], 1, layer, _ => Tasks[k] == "SORT" ? 0.5 : 0.2);
        }
        return run.Data();
    }

    private static ProbeLeadSection Analyze(RunData run) => ProbeLeads.Analyze([run], [run.Model], new AnalysisOptions());

    [Fact]
    public void Leads_are_the_emergence_step_minus_the_probe_step()
    {
        var s = Analyze(Run([1000, 300, -200, 600]));
        var byTask = Tasks.Select(t => s.Entries.Single(e => e.TaskLevel == t + "_L1")).ToList();
        Assert.Equal([1000L, 300, -200, 600], byTask.Select(e => e.Lead!.Value));
        Assert.Equal([500L, 1000, 1500, 2000], byTask.Select(e => e.ProbeStep!.Value));
        var all = s.Groups.Single(g => g.Model == "all" && g.Class == "all");
        Assert.Equal(4, all.Observed.Units);
        Assert.Equal(450, all.Observed.Median!.Value, 12);
        Assert.Equal(0.75, all.Observed.PositiveShare!.Value, 12);
        var hard = s.Groups.Single(g => g.Model == "nano" && g.Class == "hard");   // ADD, MOD, SORT
        Assert.Equal(600, hard.Observed.Median!.Value, 12);
        Assert.Equal(1.0, hard.Observed.PositiveShare!.Value, 12);
    }

    [Fact]
    public void The_control_has_a_probe_step_only_where_permuted_labels_are_decoded()
    {
        var s = Analyze(Run([1000, 300, -200, 600]));
        var all = s.Groups.Single(g => g.Model == "all" && g.Class == "all");
        Assert.Equal(1, all.ControlWithProbeStep);   // SORT's control sits 0.3 above chance from step 0
        var sort = s.Entries.Single(e => e.TaskLevel == "SORT_L1");
        Assert.Equal(0, sort.ControlStep);
        Assert.Equal(2600, sort.ControlLead);
        Assert.Equal(2600, all.Control.Median!.Value, 12);
    }

    [Fact]
    public void The_margin_decides_whether_a_probe_counts_as_above_chance()
    {
        var run = Run([1000, 300, -200, 600]);
        var high = ProbeLeads.Analyze([run], ["nano"], new AnalysisOptions { ProbeMargin = 0.65 });
        Assert.All(high.Entries, e => Assert.Null(e.ProbeStep));
        Assert.All(high.Entries, e => Assert.Equal("probe never above chance + 0.65", e.Status));
    }

    [Fact]
    public void A_run_without_probes_is_not_computable_and_the_tables_say_so()
    {
        var s = Analyze(Run([1000, 300, -200, 600], probes: false));
        Assert.All(s.Entries, e => Assert.Equal(ProbeLeads.NotStored, e.Status));
        var result = Analyzer.Analyze([Run([1000, 300, -200, 600], probes: false)], new AnalysisOptions { NullReplicates = 5, BootstrapResamples = 5 });
        Assert.Contains("## Linear probes: lead over behavioural emergence", MarkdownTables.Render(result));
        Assert.Contains("Not computable: probe_accuracy or probe_chance not stored", MarkdownTables.Render(result));
    }

    [Fact]
    public void Results_tables_and_summary_carry_the_probe_lead()
    {
        var result = Analyzer.Analyze([Run([1000, 300, -200, 600])], new AnalysisOptions { NullReplicates = 5, BootstrapResamples = 5 });
        var row = Emergence.Reporting.LaterAnalysesSummary.ProbeLead(result.ProbeLead, 1, 1);
        Assert.Equal(0.75, row.Measured!.Value, 12);
        Assert.Equal(Emergence.Reporting.Agreement.Agree, row.Agreement);
        Assert.Contains("4 task-levels, median lead 450 steps; control (permuted labels) above chance on 1 of 4", row.MeasuredText);
        Assert.Contains("\"probe_lead\"", ResultsWriter.ToJson(result));
        string md = MarkdownTables.Render(result);
        Assert.Contains("| all | all | 4/4 | 4 | 450 |", md);
        Assert.Contains("| nano | SORT_L1 | hard | 2000 | 2600 | 600 | 0 | computed |", md);
    }
}
