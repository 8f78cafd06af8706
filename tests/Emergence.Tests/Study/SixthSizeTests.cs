using Emergence.Models;
using Emergence.Study;

namespace Emergence.Tests.Study;

public sealed class SixthSizeTests
{
    [Fact]
    public void Xlarge_is_12x1024x16_with_151M_parameters_the_closest_head_dim_64_shape_to_151M()
    {
        var xlarge = GptConfig.Preset("xlarge");
        Assert.Equal((12, 1024, 16), (xlarge.Layers, xlarge.DModel, xlarge.Heads));
        Assert.Equal(151_247_872, xlarge.ParameterCount());
        // Neighbouring head-dim-64 shapes are further from 151M.
        foreach (var (l, d) in new[] { (21, 768), (22, 768), (11, 1024), (13, 1024), (8, 1280) })
            Assert.True(Math.Abs(new GptConfig("c", l, d, d / 64).ParameterCount() - 151e6) > Math.Abs(xlarge.ParameterCount() - 151e6), $"{l}x{d}");
    }

    [Fact]
    public void Paper_study_keeps_five_sizes_and_paper6_adds_xlarge_with_the_large_recipe()
    {
        Assert.Equal(["nano", "micro", "small", "medium", "large"], StudyPresets.Build("paper").Sizes);
        var six = StudyPresets.Build("paper6");
        Assert.Equal(["nano", "micro", "small", "medium", "large", "xlarge"], six.Sizes);
        var run = six.Runs.Single(r => r.Training.Model.Name == "xlarge");
        Assert.Equal(1e-4, run.Training.PeakLearningRate);
        Assert.Equal(200_000, run.Training.Steps);
    }
}
