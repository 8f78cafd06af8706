using Emergence.Analysis;

namespace Emergence.Tests.Analysis;

public class CollapseAndTopDownTests
{
    [Fact]
    public void Collapse_floor_its_step_and_recovery_are_worked_out_by_hand()
    {
        IReadOnlyList<long> steps = [0, 50, 100, 150, 200, 250, 1000, 2200, 3000];
        double[] r = [10, 6, 3, 2, 2.5, 4, 6, 9, 12];
        var f = CollapseFloor.Compute(steps, r, window: 200, recoveryWindow: 2000);
        Assert.Equal(2, f.Floor);
        Assert.Equal(150, f.FloorStep);
        Assert.Equal(10, f.Initial);
        Assert.Equal(0.8, f.RelativeDrop!.Value, 12);
        // recovery window (150, 2150]: 2.5, 4, 6 -> magnitude 6 - 2 = 4
        Assert.Equal(4, f.RecoveryMagnitude!.Value, 12);
        // OLS over (150,2), (200,2.5), (250,4), (1000,6): x̄ = 400, ȳ = 3.625
        // Sxy = (-250)(-1.625) + (-200)(-1.125) + (-150)(0.375) + 600(2.375) = 406.25 + 225 - 56.25 + 1425 = 2000
        // Sxx = 62500 + 40000 + 22500 + 360000 = 485000 -> slope 2000/485000 per step
        Assert.Equal(1000 * 2000.0 / 485000, f.RecoverySlopePer1000!.Value, 9);
    }

    [Fact]
    public void The_floor_ignores_values_after_the_window()
    {
        var f = CollapseFloor.Compute([0, 100, 200, 300], [5, 4, 3, 1], 200, 2000);
        Assert.Equal(3, f.Floor);
        Assert.Equal(200, f.FloorStep);
    }

    [Fact]
    public void No_rankme_in_the_window_is_not_computable()
    {
        var f = CollapseFloor.Compute([0, 100, 300], [double.NaN, double.NaN, 2], 200, 2000);
        Assert.Null(f.Floor);
        Assert.StartsWith("not computable", f.Status);
        Assert.StartsWith("not computable", CollapseFloor.Compute([0], null, 200, 2000).Status);
    }

    [Fact]
    public void Floor_summary_across_sizes()
    {
        var s = FloorSummary.Of("MOD", [2.0, 2.2, 1.8]);
        Assert.Equal(2.0, s.Mean!.Value, 12);
        Assert.Equal(0.2, s.Std!.Value, 12);  // sqrt((0 + 0.04 + 0.04) / 2)
        Assert.Equal(0.1, s.Cv!.Value, 12);
        Assert.Null(FloorSummary.Of("MOD", [2.0]).Std);
    }

    private static RunData MicroRun(double[] atFloor, IReadOnlyList<long>? steps = null, Func<int, long, double>? byLayer = null)
    {
        steps ??= [0, 100, 200, 300];
        var run = new SyntheticRun("micro", steps); // 4 layers
        for (int layer = 0; layer <= 4; layer++)
        {
            int l = layer;
            run.Add("rankme", "ADD", 0, l, byLayer is null
                ? [.. steps.Select(s => s == 100 ? (l == 0 ? 20 : atFloor[l - 1]) : 30.0)]
                : [.. steps.Select(s => byLayer(l, s))]);
        }
        run.Accuracy("ADD", 1, _ => 0);
        return run.Data();
    }

    [Theory]
    [InlineData(new[] { 8.0, 6, 4, 2 }, true, true, 0.75)]
    [InlineData(new[] { 8.0, 6, 7, 2 }, false, true, 0.75)]
    [InlineData(new[] { 2.0, 4, 6, 8 }, false, false, -3.0)]
    [InlineData(new[] { 8.0, 8, 4, 2 }, false, true, 0.75)]
    public void Top_down_criteria_at_the_floor(double[] byDepth, bool strict, bool weak, double reduction)
    {
        var t = TopDown.Compute(MicroRun(byDepth), "ADD", 100, new AnalysisOptions());
        Assert.Equal(strict, t.Strict);
        Assert.Equal(weak, t.Weak);
        Assert.Equal(reduction, t.FirstToLastReduction!.Value, 12);
        Assert.Equal([1, 2, 3, 4], t.Layers);
    }

    [Fact]
    public void Each_layers_fall_from_its_first_value_is_the_second_reading_of_collapsing_more()
    {
        // RankMe at step 0 grows with depth (7.2 .. 9.76); at the floor the last layer is lowest but the
        // middle ones are not below the first: not strict by value, yet each deeper layer has fallen further.
        double[] initial = [7.2, 8.68, 9.46, 9.76], floor = [7.51, 8.53, 7.5, 6.39];
        var run = MicroRun([], [0, 100, 200], (l, s) => l == 0 ? 20 : s == 0 ? initial[l - 1] : s == 100 ? floor[l - 1] : 12);
        var t = TopDown.Compute(run, "ADD", 100, new AnalysisOptions());
        Assert.False(t.Strict);
        Assert.True(t.Weak);
        Assert.True(t.StrictByDrop);
        Assert.Equal([(7.2 - 7.51) / 7.2, (8.68 - 8.53) / 8.68, (9.46 - 7.5) / 9.46, (9.76 - 6.39) / 9.76], t.DropByLayer!);
        // A shallower layer falling further than the next breaks it.
        floor[1] = 6.5;   // layer 2 falls 25%, layer 3 only 21%
        Assert.False(TopDown.Compute(MicroRun([], [0, 100, 200], (l, s) => l == 0 ? 20 : s == 0 ? initial[l - 1] : s == 100 ? floor[l - 1] : 12), "ADD", 100,
            new AnalysisOptions()).StrictByDrop);
        // The default run starts every layer at 30: strictly lower at the floor is also strictly further fallen.
        Assert.True(TopDown.Compute(MicroRun([8, 6, 4, 2]), "ADD", 100, new AnalysisOptions()).StrictByDrop);
        Assert.False(TopDown.Compute(MicroRun([2, 4, 6, 8]), "ADD", 100, new AnalysisOptions()).StrictByDrop);
    }

    [Fact]
    public void With_the_embedding_the_first_layer_is_layer_zero()
    {
        var t = TopDown.Compute(MicroRun([8, 6, 4, 2]), "ADD", 100, new AnalysisOptions { TopDownIncludeEmbedding = true });
        Assert.Equal([20.0, 8, 6, 4, 2], t.RankMeAtFloor);
        Assert.Equal(0.9, t.FirstToLastReduction!.Value, 12);
        Assert.True(t.Strict);
    }

    [Fact]
    public void A_missing_layer_is_not_computable()
    {
        var run = new SyntheticRun("micro", [0, 100]);
        for (int l = 1; l <= 3; l++) run.Add("rankme", "ADD", 0, l, [5, 4]);
        run.Accuracy("ADD", 1, _ => 0);
        var t = TopDown.Compute(run.Data(), "ADD", 100, new AnalysisOptions());
        Assert.Null(t.Strict);
        Assert.Contains("layer 4", t.Status);
    }

    [Fact]
    public void Dense_early_checkpoints_give_the_order_in_which_layers_reach_their_minimum()
    {
        var steps = Enumerable.Range(0, 31).Select(i => i * 10L).Append(1000).ToList();
        // layer l reaches its minimum at step 200 - 40 l: deeper first (160, 120, 80, 40 for l = 1..4)
        var run = MicroRun([], steps, (l, s) => 10 + Math.Abs(s - (200 - 40 * l)) / 10.0 - l);
        var t = TopDown.Compute(run, "ADD", 40, new AnalysisOptions());
        Assert.Equal([160L, 120, 80, 40], t.MinimumStepByLayer);
        Assert.True(t.TemporalTopDown);
        Assert.Equal([4, 3, 2, 1], t.LayerOrder);
        var sparse = TopDown.Compute(MicroRun([8, 6, 4, 2]), "ADD", 100, new AnalysisOptions());
        Assert.Null(sparse.MinimumStepByLayer);
    }

    [Fact]
    public void Layers_that_all_reach_their_minimum_at_one_checkpoint_are_not_top_down_in_time()
    {
        var steps = Enumerable.Range(0, 31).Select(i => i * 10L).Append(1000).ToList();
        // every layer at its minimum at step 50 (SORT in micro-s0); then the last layer alone earlier (CMP: 40 against 50)
        var together = TopDown.Compute(MicroRun([], steps, (l, s) => 10 + Math.Abs(s - 50) / 10.0 - l), "ADD", 50, new AnalysisOptions());
        var deepestFirst = TopDown.Compute(MicroRun([], steps, (l, s) => 10 + Math.Abs(s - (l == 4 ? 40 : 50)) / 10.0 - l), "ADD", 40, new AnalysisOptions());

        Assert.Equal([50L, 50, 50, 50], together.MinimumStepByLayer);
        Assert.False(together.TemporalTopDown);
        Assert.Equal([50L, 50, 50, 40], deepestFirst.MinimumStepByLayer);
        Assert.True(deepestFirst.TemporalTopDown);
    }

    [Fact]
    public void Layers_reaching_their_minimum_at_the_same_step_are_listed_as_equal_not_in_an_order()
    {
        static TopDownResult Reached(long[] steps) =>
            new(50, [1, 2, 3, 4], [7, 9, 9, 7], false, false, 0, steps, false, "computed");

        Assert.Equal("L1 = L2 = L3 → L4", MarkdownTables.OrderReached(Reached([50, 50, 50, 130])));
        Assert.Equal("L4 → L3 → L2 → L1", MarkdownTables.OrderReached(Reached([160, 120, 80, 40])));
        Assert.Equal("L2 = L4 → L1 → L3", MarkdownTables.OrderReached(Reached([60, 40, 90, 40])));
    }

    [Fact]
    public void A_fall_that_cannot_be_computed_is_shown_as_not_computable_not_as_NaN_percent()
    {
        // A layer whose first RankMe is 0 has no relative fall (TopDown stores NaN for it).
        Assert.Equal("n/c", MarkdownTables.P(double.NaN));
        Assert.Equal("n/c", MarkdownTables.P(null));
        Assert.Equal("35%", MarkdownTables.P(0.35));
    }
}
