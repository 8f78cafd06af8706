using System.Text.Json;
using Emergence.Models;
using Emergence.Storage;

namespace Emergence.Training;

/// <summary>Which checkpoints keep their model weights on disk.</summary>
public enum WeightsPolicy { All, Last, None }

/// <summary>
/// Everything that determines a training run's numbers (PROTOCOL §3). Stored with the run;
/// resuming requires the same configuration. Thread count and device are recorded separately:
/// they change only the last bits of floating-point results.
/// </summary>
public sealed record TrainingConfig
{
    public required GptConfig Model { get; init; }
    public required long Steps { get; init; }
    public int Seed { get; init; }
    public int BatchSize { get; init; } = 64;
    public required double PeakLearningRate { get; init; }
    public required long WarmupSteps { get; init; }
    public double WeightDecay { get; init; } = 0.1;
    /// <summary>Weight decay applies to matrices and embeddings (nanoGPT's convention), not to biases or LayerNorm gains.</summary>
    public string WeightDecayOn { get; init; } = "matrices";
    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.95;
    public double AdamEpsilon { get; init; } = 1e-8;
    public double GradientClip { get; init; } = 1.0;
    public CheckpointSchedule Checkpoints { get; init; } = new();
    public int EvaluationPerTaskLevel { get; init; } = Tasks.ExampleSets.EvaluationPerTaskLevel;
    /// <summary>Task-levels trained and evaluated, by name (e.g. "ADD_L2"); the protocol trains on all 24.</summary>
    public IReadOnlyList<string> TaskLevels { get; init; } = [.. Tasks.TaskLevel.All.Select(t => t.Name)];

    /// <summary>The parsed <see cref="TaskLevels"/>.</summary>
    public IReadOnlyList<Tasks.TaskLevel> ParsedTaskLevels() => [.. TaskLevels.Select(Tasks.TaskLevel.Parse)];
    public WeightsPolicy SaveWeights { get; init; } = WeightsPolicy.All;

    /// <summary>The paper's recipe for a model: 3e-4 / 100K steps (nano..small), 1e-4 / 200K (medium, large, xlarge).</summary>
    public static TrainingConfig Paper(GptConfig model, long? steps = null, int seed = 0, double? learningRate = null, int batchSize = 64)
    {
        bool big = model.Name is "medium" or "large" or "xlarge";
        long totalSteps = steps ?? (big ? 200_000 : 100_000);
        if (totalSteps <= 0) throw new ArgumentException($"Steps must be positive (got {totalSteps}).");
        if (batchSize <= 0) throw new ArgumentException($"Batch size must be positive (got {batchSize}).");
        double lr = learningRate ?? (big ? 1e-4 : 3e-4);
        if (!(lr > 0) || double.IsInfinity(lr)) throw new ArgumentException($"Learning rate must be a positive number (got {lr}).");
        return new TrainingConfig
        {
            Model = model,
            Steps = totalSteps,
            Seed = seed,
            BatchSize = batchSize,
            PeakLearningRate = lr,
            WarmupSteps = DefaultWarmup(totalSteps),
        };
    }

    /// <summary>1,000 warmup steps as in the paper, capped at a tenth of a shorter run.</summary>
    public static long DefaultWarmup(long steps) => Math.Min(1000, Math.Max(1, steps / 10));

    public string ToJson() => JsonSerializer.Serialize(this, SnakeCaseJson.Options);

    public static TrainingConfig FromJson(string json) =>
        JsonSerializer.Deserialize<TrainingConfig>(json, SnakeCaseJson.Options) ?? throw new FormatException("empty configuration");
}
