using Emergence.Analysis;

namespace Emergence.Tests.Analysis;

public class EmergenceDetectorTests
{
    private static readonly IReadOnlyList<long> Steps = SyntheticRun.Uniform(14, 100);

    private static EmergenceResult Detect(double[] acc, double threshold = 0.1, int k = 5) =>
        EmergenceDetector.Detect(Steps.Take(acc.Length).ToList(), acc, threshold, k);

    [Fact]
    public void A_clean_rise_emerges_at_the_first_step_of_the_run()
    {
        var r = Detect([0, 0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
        Assert.Equal(200, r.Step);
        Assert.Equal(EmergenceResult.Emerged, r.Status);
    }

    [Fact]
    public void A_flickering_curve_emerges_only_at_its_first_run_of_five()
    {
        // above 0.1 at indices 1, 3-6 (four), 8-12 (five): emergence at index 8 = step 800
        var r = Detect([0, 0.2, 0.05, 0.2, 0.3, 0.4, 0.5, 0.02, 0.3, 0.4, 0.5, 0.6, 0.7, 0.0]);
        Assert.Equal(800, r.Step);
    }

    [Fact]
    public void Exactly_the_threshold_is_not_above_it_and_never_emerges()
    {
        var r = Detect([0, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]);
        Assert.Null(r.Step);
        Assert.Equal(EmergenceResult.Never, r.Status);
    }

    [Fact]
    public void Four_checkpoints_above_at_the_end_of_the_run_is_not_emergence()
    {
        Assert.Equal(EmergenceResult.Never, Detect([0, 0, 0, 0, 0.5, 0.6, 0.7, 0.8]).Status);
    }

    [Fact]
    public void Unrecorded_checkpoints_are_skipped_when_counting_consecutive_ones()
    {
        // recorded: idx0 0, idx2 0.3, idx3 0.3, idx5 0.4, idx6 0.5, idx7 0.6 -> run of five starts at idx2
        var r = Detect([0, double.NaN, 0.3, 0.3, double.NaN, 0.4, 0.5, 0.6]);
        Assert.Equal(200, r.Step);
    }

    [Fact]
    public void Already_emerged_at_step_zero_reports_zero()
    {
        Assert.Equal(0, Detect([0.5, 0.5, 0.5, 0.5, 0.5]).Step);
    }

    [Fact]
    public void The_log_probability_variant_uses_its_own_threshold()
    {
        double ln01 = Math.Log(0.1);
        // log-probabilities: above ln 0.1 = -2.303 from index 3
        var r = Detect([-9, -6, -2.5, -2.2, -1.5, -1.0, -0.5, -0.2], ln01, 5);
        Assert.Equal(300, r.Step);
    }

    [Fact]
    public void No_series_is_not_computable_not_zero()
    {
        var r = EmergenceDetector.Detect(Steps, null, 0.1, 5);
        Assert.Null(r.Step);
        Assert.StartsWith("not computable", r.Status);
        Assert.StartsWith("not computable", EmergenceDetector.Detect(Steps, [.. Steps.Select(_ => double.NaN)], 0.1, 5).Status);
    }
}
