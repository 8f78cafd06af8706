using Emergence.Measures;
using Emergence.Study;
using Emergence.Training;

namespace Emergence.Tests.Study;

public sealed class ReproductionPresetTests
{
    [Fact]
    public void Reproduction_is_the_nano_protocol_over_three_seeds_with_hessian_and_llc_at_every_fifth_checkpoint()
    {
        var study = StudyPresets.Build("reproduction");
        Assert.Equal(["nano-s0", "nano-s1", "nano-s2"], study.Runs.Select(r => r.Name));
        Assert.False(study.DemonstrationScale);
        var nano = StudyPresets.Build("nano").Runs.Single();
        foreach (var run in study.Runs)
        {
            Assert.Equal(nano.Training with { Seed = run.Training.Seed }, run.Training with { TaskLevels = nano.Training.TaskLevels });
            Assert.Equal(nano.Training.TaskLevels, run.Training.TaskLevels);
            Assert.Equal(100_000, run.Training.Steps);
            Assert.Equal(WeightsPolicy.All, run.Training.SaveWeights);
            var selection = run.Selection();
            Assert.Equal(MeasureSelection.Geometric.ToHashSet(), selection.Measures);
            foreach (var cheap in new[] { MeasureKind.RankMe, MeasureKind.Fisher, MeasureKind.GradCov })
                Assert.True(Enumerable.Range(0, 10).All(i => selection.IsDue(cheap, i)), $"{cheap}");
            foreach (var costly in new[] { MeasureKind.Hessian, MeasureKind.Llc })
                Assert.Equal([0, 5, 10], Enumerable.Range(0, 12).Where(i => selection.IsDue(costly, i)));
        }
        Assert.Equal([0, 1, 2], study.Runs.Select(r => r.Training.Seed));
        Assert.Equal([7], StudyPresets.Build("reproduction", seeds: [7]).Seeds);
    }

    [Fact]
    public void Reproduction_micro_is_the_micro_protocol_for_seed_0_with_rankme_at_every_checkpoint()
    {
        var study = StudyPresets.Build("reproduction-micro");
        var run = Assert.Single(study.Runs);
        Assert.Equal("micro-s0", run.Name);
        Assert.False(study.DemonstrationScale);
        var paperMicro = StudyPresets.Build("paper", sizes: ["micro"]).Runs.Single();
        Assert.Equal(paperMicro.Training, run.Training with { TaskLevels = paperMicro.Training.TaskLevels });
        Assert.Equal(paperMicro.Training.TaskLevels, run.Training.TaskLevels);
        Assert.Equal(1_796_928, run.Training.Model.ParameterCount());
        Assert.Equal(100_000, run.Training.Steps);
        Assert.Equal(WeightsPolicy.All, run.Training.SaveWeights);
        var selection = run.Selection();
        Assert.Equal([MeasureKind.RankMe], selection.Measures);
        Assert.True(Enumerable.Range(0, 10).All(i => selection.IsDue(MeasureKind.RankMe, i)));
        Assert.Equal([1, 2], StudyPresets.Build("reproduction-micro", seeds: [1, 2]).Seeds);
    }
}
