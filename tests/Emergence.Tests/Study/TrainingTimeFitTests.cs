using Emergence.Study;

namespace Emergence.Tests.Study;

public class TrainingTimeFitTests
{
    private static CheckpointInterval Interval(long steps, double seconds, bool resumed = false) => new(0, steps, seconds, resumed);

    [Fact]
    public void One_interval_length_gives_the_range_between_all_overhead_and_all_steps()
    {
        var fit = TrainingTimeFit.Fit([.. Enumerable.Repeat(Interval(10, 5), 12)]);
        Assert.False(fit.Identified);
        Assert.Null(fit.SecondsPerCheckpoint);
        // 1,400 steps in 14 checkpoints: 14 x 5 s if every second is overhead, 1,400 x 0.5 s if every second is a step.
        Assert.Equal(new SecondsRange(70, 700), fit.Project(1400, 14));
        Assert.Null(TrainingTimeFit.Fit([]).Project(1400, 14));
    }

    [Fact]
    public void An_outlying_interval_does_not_move_the_fit()
    {
        var intervals = Enumerable.Repeat(Interval(10, 5), 9).Append(Interval(10, 500)).Concat(Enumerable.Repeat(Interval(100, 23), 3)).ToList();
        var fit = TrainingTimeFit.Fit(intervals);
        Assert.Equal(0.2, fit.SecondsPerStep!.Value, 12);
        Assert.Equal(3, fit.SecondsPerCheckpoint!.Value, 12);
        Assert.Equal(SecondsRange.Exact(1400 * 0.2 + 14 * 3), fit.Project(1400, 14));
    }

    [Fact]
    public void A_negative_intercept_is_set_to_zero_and_the_slope_refitted_through_the_origin()
    {
        var fit = TrainingTimeFit.Fit([Interval(10, 1), Interval(100, 30)]);
        Assert.Equal(0, fit.SecondsPerCheckpoint);
        Assert.Equal((10 * 1 + 100 * 30) / (10.0 * 10 + 100 * 100), fit.SecondsPerStep!.Value, 12);
    }

    [Theory]
    [InlineData(-25, 1555, true)]    // the clock lost the previous checkpoint's measures
    [InlineData(20, 1600, true)]     // a pause of 26 minutes between the commits
    [InlineData(5.1, 5.3, false)]    // one process: the two sides agree
    [InlineData(300, 360, false)]    // within 60 s + 25% of a long interval
    [InlineData(300, 500, true)]
    public void An_interval_crosses_a_sitting_when_its_commit_times_outrun_its_clock(double clock, double commit, bool crosses) =>
        Assert.Equal(crosses, TrainingTimeFit.CrossesSitting(clock, commit));
}
