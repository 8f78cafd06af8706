using Emergence.Models;
using Emergence.Training;

namespace Emergence.Tests.Training;

/// <summary>The memory estimate, term by term, on cases small enough to count by hand.</summary>
public class MemoryEstimateTests
{
    [Fact]
    public void Model_and_optimiser_take_28_bytes_per_parameter()
    {
        var config = TrainingConfig.Paper(GptConfig.Parse("custom:4x16384x16"));
        long p = config.Model.ParameterCount();
        // 4 blocks of 12 d² + 13 d, embeddings (41 + 48) d and the final LayerNorm 2 d, d = 16384.
        Assert.Equal(4 * (12L * 16384 * 16384 + 13 * 16384) + (41 + 48) * 16384 + 2 * 16384, p);
        Assert.Equal(28.0 * p, MemoryEstimate.ModelBytes(config));
    }

    [Fact]
    public void Activations_and_evaluation_set_follow_their_formulas()
    {
        var config = TrainingConfig.Paper(GptConfig.Parse("nano"), batchSize: 10) with { EvaluationPerTaskLevel = 100 };
        // B = 10, T = 48, L = 2, d = 128, h = 4, V = 41: 4 B T (L (17 d + 2 h T) + 3 V + 2 d).
        Assert.Equal(4.0 * 10 * 48 * (2 * (17 * 128 + 2 * 4 * 48) + 3 * 41 + 2 * 128), MemoryEstimate.ActivationBytes(config));
        Assert.Equal(100.0 * 24 * (160 + 3 * 8 * 48), MemoryEstimate.EvaluationBytes(config));
        double total = MemoryEstimate.RuntimeBytes + MemoryEstimate.ModelBytes(config) + MemoryEstimate.ActivationBytes(config) + MemoryEstimate.EvaluationBytes(config);
        Assert.Equal(total, MemoryEstimate.TrainingBytes(config));
    }

    [Fact]
    public void A_run_is_refused_only_when_the_estimate_exceeds_what_is_available()
    {
        MemoryEstimate.Check(1e9, 2e9, "small run");
        var e = Assert.Throws<ArgumentException>(() => MemoryEstimate.Check(52.5e9, 24e9, "This run"));
        Assert.StartsWith("This run needs an estimated 52.5 GB of memory", e.Message);
        Assert.Contains("but this machine has 24.0 GB available", e.Message);
    }

    [Fact]
    public void The_available_memory_is_measured_and_positive()
    {
        double available = MemoryEstimate.AvailableBytes();
        Assert.True(available > 100e6 && available < 1e15, $"available {available}");
    }
}
