using Emergence.Analysis;
using Emergence.Models;
using Emergence.Storage;
using Emergence.Tasks;
using Emergence.Tests.Support;
using TorchSharp;

namespace Emergence.Tests.Analysis;

public sealed class LossBarrierTests
{
    [Theory]
    [InlineData(11)]
    [InlineData(21)]
    public void A_path_with_a_bump_of_height_h_over_the_straight_line_has_barrier_h_at_its_middle(int points)
    {
        const double h = 0.37;
        var r = LossBarrier.Of(alpha => 2 + alpha + h * 4 * alpha * (1 - alpha), points);
        Assert.Equal(h, r.Barrier, 12);
        Assert.Equal(0.5, r.Alpha, 12);
        Assert.Equal((2.0, 3.0), (r.LossStart, r.LossEnd));
    }

    [Fact]
    public void An_off_centre_barrier_and_a_path_below_the_line()
    {
        // Excess over the line 1 - 0.5 α is 0.8 at α = 0.3 and 0 elsewhere on the grid.
        var r = LossBarrier.Of(alpha => 1 - 0.5 * alpha + (Math.Abs(alpha - 0.3) < 1e-9 ? 0.8 : 0));
        Assert.Equal(0.8, r.Barrier, 12);
        Assert.Equal(0.3, r.Alpha, 12);
        Assert.Equal(0, LossBarrier.Of(alpha => alpha * alpha).Barrier);
    }

    [Fact]
    public void A_grid_of_fewer_than_11_points_is_refused_naming_the_value()
    {
        var e = Assert.Throws<ArgumentException>(() => LossBarrier.Grid(10));
        Assert.Contains("--points 10", e.Message);
    }

    [Fact]
    public void Barriers_from_saved_weights_are_zero_between_equal_weights_and_end_at_each_model_loss()
    {
        using var folder = new TempDirectory();
        var run = new RunFolder(folder.Path);
        var config = GptConfig.Parse("custom:1x16x2");
        torch.manual_seed(1);
        using var a = new Gpt(config);
        torch.manual_seed(2);
        using var b = new Gpt(config);
        ModelWeights.Save(run.WeightsFile(0), a);
        ModelWeights.Save(run.WeightsFile(10), b);
        ModelWeights.Save(run.WeightsFile(20), b);
        var rows = new List<MetricRow>();
        CheckpointBarriers.Compute(run, config, [0, 10, 20], new HashSet<long>(), 11, 32, torch.CPU, rows.AddRange);
        var barriers = rows.Where(r => r.Name == "loss_barrier").ToDictionary(r => r.Step, r => r.Value);
        Assert.Equal([10L, 20L], barriers.Keys.Order());
        Assert.InRange(barriers[20], 0, 1e-5); // float32 round-off of (1 − α) w + α w
        Assert.Equal(10, rows.Single(r => r.Name == "loss_barrier_from" && r.Step == 20).Value);

        var batch = TokenBatch.Encode(ExampleSets.TrainingBatch(CheckpointBarriers.BatchSeed, 0, 32), torch.CPU);
        using var mix = new Gpt(config);
        double Direct(Gpt m) { using var s = torch.NewDisposeScope(); using var g = torch.no_grad(); return AnswerLoss.Compute(m.forward(batch.Inputs), batch).ToDouble(); }
        Assert.Equal(Direct(a), CheckpointBarriers.Loss(a, b, mix, 0, batch), 6);
        Assert.Equal(Direct(b), CheckpointBarriers.Loss(a, b, mix, 1, batch), 6);
        Assert.NotEqual(Direct(a), Direct(b));
        // Skipping stored segments: nothing is recomputed.
        var again = new List<MetricRow>();
        CheckpointBarriers.Compute(run, config, [0, 10, 20], new HashSet<long> { 10, 20 }, 11, 32, torch.CPU, again.AddRange);
        Assert.Empty(again);
    }

    [Fact]
    public void Analyze_summarises_stored_barriers_and_says_why_when_there_are_none()
    {
        var withBarriers = new SyntheticRun("nano", [0, 100, 200, 300]);
        withBarriers.Accuracy("ADD", 1, _ => 0);
        withBarriers.Add("loss_barrier", "", 0, -1, [double.NaN, 0.5, 0, 2.0]);
        var without = new SyntheticRun("micro", [0, 100, 200, 300]);
        without.Accuracy("ADD", 1, _ => 0);
        var s = LossBarriers.Analyze([withBarriers.Data(), without.Data()]);
        var r = s.Runs[0];
        Assert.Equal((3, 2.0, 300L, 0.5, 2), (r.Segments.Count, r.Max!.Value, r.MaxStep!.Value, r.Median!.Value, r.Positive));
        Assert.Equal(200, r.Segments[2].From);
        Assert.StartsWith("not computable: no loss_barrier rows", s.Runs[1].Status);
    }
}
