using Emergence.Training;

namespace Emergence.Tests.Training;

public class ScheduleTests
{
    [Fact]
    public void Paper_schedule_has_about_206_checkpoints_for_100K_steps()
    {
        var steps = new CheckpointSchedule().Steps(100_000);
        // step 0, 100 steps to 10K, 80 steps of 500 to 50K, 25 of 2,000 to 100K.
        Assert.Equal(1 + 100 + 80 + 25, steps.Count);
        Assert.Equal(0, steps[0]);
        Assert.Equal(100_000, steps[^1]);
        Assert.Contains(10_000, steps);
        Assert.Contains(10_500, steps);
        Assert.Contains(52_000, steps);
        Assert.DoesNotContain(10_100, steps);
    }

    [Fact]
    public void Final_step_is_always_a_checkpoint_and_dense_early_adds_every_10_to_300()
    {
        var steps = new CheckpointSchedule(DenseEarly: true).Steps(1234);
        Assert.Contains(1234, steps);
        Assert.Equal(31, steps.Count(s => s <= 300)); // 0, 10, 20, ..., 300
        Assert.Equal([0, 10, 20, 30], steps.Take(4));
        var uniform = new CheckpointSchedule(Every: 250).Steps(1000);
        Assert.Equal([0, 250, 500, 750, 1000], uniform);
    }

    [Fact]
    public void Learning_rate_warms_up_linearly_then_decays_by_cosine_to_zero()
    {
        double At(long s) => LearningRateSchedule.At(s, 100_000, 1000, 3e-4);
        Assert.Equal(3e-7, At(1), 12);
        Assert.Equal(1.5e-4, At(500), 12);
        Assert.Equal(3e-4, At(1000), 12);
        Assert.Equal(1.5e-4, At(1000 + 49_500), 12);
        Assert.Equal(0, At(100_000), 12);
        Assert.True(At(60_000) < At(40_000));
    }
}
