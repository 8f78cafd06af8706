using Emergence.Study;

namespace Emergence.Tests.Study;

/// <summary>
/// When a failed study run is started again: after a failure that committed a new checkpoint (or
/// the first before any), not after a second failure in a row at the same last checkpoint, nor after
/// a failure the program reports itself (its exit code is final).
/// </summary>
public class RunRestartsTests
{
    private static RunRestarts Policy() => new(new HashSet<int> { 2, 3, 130 });

    [Fact]
    public void A_run_that_keeps_committing_checkpoints_is_restarted_after_every_failure()
    {
        var restarts = Policy();
        Assert.True(restarts.Restart("nano-s1", 134, 3_300, 3_400));
        Assert.True(restarts.Restart("nano-s1", 134, 3_400, 3_500));
        Assert.True(restarts.Restart("nano-s1", 137, null, 10));
        Assert.Equal(3, restarts.Restarts("nano-s1"));
    }

    [Fact]
    public void A_run_that_fails_twice_in_a_row_at_the_same_checkpoint_is_given_up()
    {
        var restarts = Policy();
        Assert.True(restarts.Restart("nano-s0", 134, 100, 200));    // the first failure at checkpoint 200: restarted
        Assert.False(restarts.Restart("nano-s0", 134, 200, 200));   // the second at 200, in a row: given up
        Assert.Equal(1, restarts.Restarts("nano-s0"));
        Assert.True(restarts.Restart("nano-s2", 134, 100, 100));    // another run's first failure at its checkpoint
        Assert.False(restarts.Restart("nano-s2", 134, 100, 100));
    }

    [Fact]
    public void A_run_that_fails_before_its_first_checkpoint_is_restarted_once()
    {
        var restarts = Policy();
        Assert.True(restarts.Restart("nano-s2", 139, null, null));
        Assert.False(restarts.Restart("nano-s2", 139, null, null));
        Assert.Equal(1, restarts.Restarts("nano-s2"));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(130)]
    public void A_failure_the_program_reports_itself_is_not_restarted(int exitCode)
    {
        var restarts = Policy();
        Assert.False(restarts.Restart("nano-s0", exitCode, 100, 200));
        Assert.Empty(restarts.All);
    }

    [Fact]
    public void Runs_are_counted_apart_and_listed_by_name()
    {
        var restarts = Policy();
        Assert.True(restarts.Restart("nano-s1", 134, 0, 0));
        Assert.True(restarts.Restart("nano-s0", 134, 0, 0));        // nano-s1's failure does not count against nano-s0
        Assert.True(restarts.Restart("nano-s1", 134, 0, 10));
        Assert.Equal([("nano-s0", 1), ("nano-s1", 2)], restarts.All);
    }
}
