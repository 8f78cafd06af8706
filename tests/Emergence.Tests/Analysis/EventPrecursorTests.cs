using Emergence.Analysis;
using Emergence.Reporting;

namespace Emergence.Tests.Analysis;

public sealed class EventPrecursorTests
{
    private static readonly string[] Tasks = ["ADD", "MOD", "MUL", "SORT"];
    private static readonly long[] Emergence = [2000, 4000, 6000, 8000];
    private static readonly double[] Slopes = [4, 3, 2, 1];

    /// <summary>
    /// Task k emerges at Emergence[k]; its RankMe falls linearly from 10 at step 0 to floors[k] at step 200,
    /// then recovers by Slopes[k] per 1000 steps.
    /// </summary>
    private static RunData Run(string model, double[] floors)
    {
        var run = new SyntheticRun(model, SyntheticRun.Uniform(201, 50));
        for (int k = 0; k < Tasks.Length; k++)
        {
            double f = floors[k], slope = Slopes[k];
            long e = Emergence[k];
            run.Accuracy(Tasks[k], 1, t => t >= e ? 1 : 0);
            run.Add("rankme", Tasks[k], 0, run.Gpt.Layers, t => t <= 200 ? 10 - (10 - f) * t / 200.0 : f + slope * (t - 200) / 1000.0);
        }
        return run.Data();
    }

    private static EventPrecursorSection Analyze(params RunData[] runs) =>
        EventPrecursors.Analyze(runs, [.. runs.Select(r => r.Model).Distinct()], new AnalysisOptions { NullReplicates = 200, BootstrapResamples = 200 });

    private static EventRate Rate(EventPrecursorSection s, string metric, string model) => s.Rates.Single(r => r.Metric == metric && r.Model == model);

    [Fact]
    public void Metrics_whose_order_matches_emergence_by_construction_score_every_pair()
    {
        var s = Analyze(Run("nano", [2, 3, 4, 5]), Run("micro", [2, 4, 3, 5]));
        // Floors: nano orders all 6 pairs as emergence; micro swaps MOD and MUL: 5 of 6.
        Assert.Equal(1, s.Metrics.Single(m => m.Name == "floor_value").Direction);
        Assert.Equal((6, 6), (Rate(s, "floor_value", "nano").Hits, Rate(s, "floor_value", "nano").Pairs));
        Assert.Equal((5, 6), (Rate(s, "floor_value", "micro").Hits, Rate(s, "floor_value", "micro").Pairs));
        Assert.Equal(11.0 / 12, Rate(s, "floor_value", "all").HitRate!.Value, 12);
        // Recovery slopes 4, 3, 2, 1 fall as emergence comes later: direction −1, every pair a hit.
        Assert.Equal(-1, s.Metrics.Single(m => m.Name == "recovery_slope").Direction);
        Assert.Equal(1.0, Rate(s, "recovery_slope", "nano").HitRate!.Value, 12);
        Assert.Equal(-1, s.Metrics.Single(m => m.Name == "recovery_magnitude").Direction);
        // At step 2200 RankMe = floor + 2 slope = 10, 9, 8, 7 (nano): the z-score falls with emergence step.
        Assert.Equal(-1, s.Metrics.Single(m => m.Name == "cross_task_divergence").Direction);
        Assert.Equal(1.0, Rate(s, "cross_task_divergence", "nano").HitRate!.Value, 12);
        // Nano crosses 50% of 10 at steps 150, 150, 200 and never (floor 5 is not below 5): one tie, SORT left out.
        var timing = Tasks.Select(t => s.Values.Single(v => v.Run == "nano" && v.Metric == "collapse_timing" && v.Task == t).Value).ToList();
        Assert.Equal([150, 150, 200, null], timing);
        Assert.Equal((2, 2), (Rate(s, "collapse_timing", "nano").Hits, Rate(s, "collapse_timing", "nano").Pairs));
    }

    [Fact]
    public void The_null_refits_the_direction_so_its_rate_is_above_one_half_and_a_perfect_order_of_four_tasks_is_not_significant()
    {
        var s = Analyze(Run("nano", [2, 3, 4, 5]));
        var floor = Rate(s, "floor_value", "all");
        Assert.Equal(1.0, floor.HitRate!.Value, 12);
        Assert.InRange(floor.NullRate!.Value, 0.55, 0.8);
        // Under permutation of 4 tasks, 2 of 24 orders are perfect in one direction or the other: p near 1/12.
        Assert.InRange(floor.NullP!.Value, 0.04, 0.15);
        Assert.Equal("not computable: fewer than two runs", floor.CiOverRuns!.Status);
    }

    [Fact]
    public void Metrics_without_stored_inputs_are_not_computable_with_their_reason()
    {
        var s = Analyze(Run("nano", [2, 3, 4, 5]));
        string Status(string metric) => s.Metrics.Single(m => m.Name == metric).Status;
        Assert.Equal(13, s.Metrics.Count);
        Assert.Equal("not computable: task-specific gradients not stored", Status("gradient_alignment"));
        Assert.Equal(FisherLlc.EigenvaluesNotStored, Status("eigenvalue_concentration"));
        Assert.Equal(FisherLlc.EigenvaluesNotStored, Status("spectral_gap"));
        Assert.Equal("not computable: fisher_erank_top20 not stored", Status("fisher_erank"));
        Assert.Equal(EventMetrics.LlcModelWide, Status("llc_value"));
        Assert.Equal(EventMetrics.LlcModelWide, Status("llc_transition_timing"));
        Assert.Equal("not computable: task gradient norms not stored", Status("gradient_norm_divergence"));
        Assert.StartsWith("not computable: task RankMe of blocks 1..L not recorded", Status("layer_rankme_gradient"));
        Assert.All(s.Rates.Where(r => r.Metric == "spectral_gap"), r => Assert.Null(r.HitRate));
    }

    [Fact]
    public void Layer_gradient_is_the_OLS_slope_of_RankMe_over_blocks()
    {
        var run = new SyntheticRun("micro", SyntheticRun.Uniform(5, 100));
        run.Accuracy("ADD", 1, _ => 0);
        for (int layer = 1; layer <= run.Gpt.Layers; layer++) run.Add("rankme", "ADD", 0, layer, [.. Enumerable.Repeat(10.0 - 1.5 * layer, 5)]);
        var value = EventMetrics.Values(run.Data(), new AnalysisOptions()).Single(v => v.Metric == "layer_rankme_gradient");
        Assert.Equal(-1.5, value.Value!.Value, 12);
    }

    [Fact]
    public void Tables_and_summary_show_the_event_rates_beside_the_paper()
    {
        var runs = new[] { Run("nano", [2, 3, 4, 5]), Run("micro", [2, 4, 3, 5]) };
        var result = Analyzer.Analyze(runs, new AnalysisOptions { NullReplicates = 20, BootstrapResamples = 20 });
        Assert.Contains("\"event_precursors\"", ResultsWriter.ToJson(result));
        string md = MarkdownTables.Render(result);
        Assert.Contains("## Event-based precursors", md);
        Assert.Contains("none above 69% across sizes", md);
        Assert.Contains("| floor_value | larger → later | 100% (6/6)", md);
        var row = LaterAnalysesSummary.EventPrecursors(result.EventPrecursors, 2, 1);
        Assert.Equal(1.0, row.Measured!.Value, 12);
        Assert.Equal(Agreement.Disagree, row.Agreement);
    }
}
