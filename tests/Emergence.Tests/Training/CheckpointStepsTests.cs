using Emergence.Training;

namespace Emergence.Tests.Training;

/// <summary>The lazy checkpoint list equals the schedule spelled out step by step, and stays small and finite at any size.</summary>
public class CheckpointStepsTests
{
    /// <summary>The schedule's definition, enumerated over every step (only for small runs).</summary>
    private static long[] Spelled(CheckpointSchedule schedule, long total)
    {
        bool Paper(long s) => s is 0 || (s <= 10_000 && s % 100 == 0) || (s > 10_000 && s <= 50_000 && s % 500 == 0) || (s > 50_000 && s % 2_000 == 0);
        return [.. Enumerable.Range(0, (int)total + 1).Select(i => (long)i).Where(s =>
            s == 0 || s == total
            || (schedule.Every > 0 ? s % schedule.Every == 0 : Paper(s))
            || (schedule.DenseEarly && s <= 300 && s % 10 == 0))];
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 0)]
    [InlineData(false, 7)]
    [InlineData(true, 7)]
    [InlineData(true, 1)]
    [InlineData(true, 1000)]
    public void The_list_equals_the_schedule_spelled_out(bool dense, long every)
    {
        var schedule = new CheckpointSchedule(dense, every);
        foreach (long total in new long[] { 1, 5, 10, 99, 100, 300, 301, 1234, 10_000, 10_200, 10_500, 50_001, 52_000, 60_000, 100_000 })
        {
            var expected = Spelled(schedule, total);
            var steps = schedule.Steps(total);
            Assert.Equal(expected, steps.ToArray());
            Assert.Equal(expected.Length, steps.Count);
            Assert.Equal(expected[^1], steps[steps.Count - 1]);
            Assert.Equal(expected.Length, Enumerable.Range(0, (int)total + 1).Count(s => steps.Contains(s)));
            var position = expected.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i);
            Assert.Equal(Enumerable.Range(0, (int)total + 1).Select(s => position.GetValueOrDefault(s, -1)),
                Enumerable.Range(0, (int)total + 1).Select(s => steps.IndexOf(s)));
        }
    }

    [Fact]
    public void Huge_runs_take_constant_memory_and_never_overflow()
    {
        var uniform = new CheckpointSchedule(Every: 5_000_000_000_000_000_000).Steps(long.MaxValue);
        Assert.Equal([0, 5_000_000_000_000_000_000, long.MaxValue], uniform);
        Assert.True(uniform.Contains(long.MaxValue));

        long before = GC.GetAllocatedBytesForCurrentThread();
        var paper = new CheckpointSchedule(DenseEarly: true).Steps(1_000_000_000_000);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 100_000, "the schedule was materialised");
        Assert.Equal(1 + 30 + 97 + 80 + (1_000_000_000_000 - 52_000) / 2_000 + 1, paper.Count);
        Assert.Equal(1_000_000_000_000, paper[paper.Count - 1]);
        Assert.True(paper.Contains(999_999_998_000));
        Assert.False(paper.Contains(999_999_999_000));
    }
}
