using System.Text.Json;
using Emergence.Models;
using Emergence.Storage;

namespace Emergence.Training;

/// <summary>Which checkpoints keep their model weights on disk.</summary>
public enum WeightsPolicy
{
    /// <summary>Every checkpoint keeps its weights.</summary>
    All,
    /// <summary>Only the last checkpoint keeps its weights.</summary>
    Last,
    /// <summary>No weights are kept.</summary>
    None,
}

/// <summary>
/// Everything that determines a training run's numbers (PROTOCOL §3). Stored with the run;
/// resuming requires the same configuration. Thread count and device are recorded separately:
/// they change only the last bits of floating-point results.
/// </summary>
public sealed record TrainingConfig
{
    /// <summary>Model size.</summary>
    public required GptConfig Model { get; init; }
    /// <summary>Optimisation steps, &gt; 0.</summary>
    public required long Steps { get; init; }
    /// <summary>Seed of initialisation and training data.</summary>
    public int Seed { get; init; }
    /// <summary>Examples per optimisation step, &gt;= 1.</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;
    /// <summary>Learning rate after warmup, before the cosine decay.</summary>
    public required double PeakLearningRate { get; init; }
    /// <summary>Steps of linear warmup, 1..<see cref="Steps"/>.</summary>
    public required long WarmupSteps { get; init; }
    /// <summary>AdamW decoupled weight decay; applies to matrices and embeddings (nanoGPT's convention), not to biases or LayerNorm gains.</summary>
    public double WeightDecay { get; init; } = 0.1;
    /// <summary>AdamW beta1, in [0, 1).</summary>
    public double Beta1 { get; init; } = 0.9;
    /// <summary>AdamW beta2, in [0, 1).</summary>
    public double Beta2 { get; init; } = 0.95;
    /// <summary>AdamW epsilon, &gt; 0.</summary>
    public double AdamEpsilon { get; init; } = 1e-8;
    /// <summary>Maximum global gradient norm (clipping), &gt; 0.</summary>
    public double GradientClip { get; init; } = 1.0;
    /// <summary>Which steps are checkpoints.</summary>
    public CheckpointSchedule Checkpoints { get; init; } = new();
    /// <summary>Evaluation examples per task-level at every checkpoint, &gt;= 1.</summary>
    public int EvaluationPerTaskLevel { get; init; } = Tasks.ExampleSets.EvaluationPerTaskLevel;
    /// <summary>Task-levels trained and evaluated, by name (e.g. "ADD_L2"); the protocol trains on all 24.</summary>
    public IReadOnlyList<string> TaskLevels { get; init; } = [.. Tasks.TaskLevel.All.Select(t => t.Name)];

    /// <summary>The parsed <see cref="TaskLevels"/>.</summary>
    public IReadOnlyList<Tasks.TaskLevel> ParsedTaskLevels() => [.. TaskLevels.Select(Tasks.TaskLevel.Parse)];
    /// <summary>Which checkpoints keep their weights on disk.</summary>
    public WeightsPolicy SaveWeights { get; init; } = WeightsPolicy.All;
    /// <summary>How the training loss averages its scored tokens (<see cref="Models.AnswerLoss"/>); tokens by default.</summary>
    public LossWeighting LossWeighting { get; init; } = LossWeighting.Tokens;

    /// <summary>The paper's recipe for a model: 3e-4 / 100K steps (nano..small), 1e-4 / 200K (medium, large, xlarge).</summary>
    public static TrainingConfig Paper(GptConfig model, long? steps = null, int seed = 0, double? learningRate = null, int batchSize = DefaultBatchSize)
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

    /// <summary>The paper's batch size (sequences per optimisation step).</summary>
    public const int DefaultBatchSize = 64;

    /// <summary>1,000 warmup steps as in the paper, capped at a tenth of a shorter run.</summary>
    public static long DefaultWarmup(long steps) => Math.Min(1000, Math.Max(1, steps / 10));

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad value and what is allowed.</summary>
    public TrainingConfig Validate()
    {
        static void Require(bool ok, string message)
        {
            if (!ok) throw new ArgumentException(message);
        }
        Model.Validate();
        Require(Steps > 0, $"Training steps must be positive (got {Steps}).");
        Require(BatchSize >= 1, $"Batch size must be at least 1 (got {BatchSize}).");
        Require(double.IsFinite(PeakLearningRate) && PeakLearningRate > 0, $"Peak learning rate must be a positive number (got {PeakLearningRate}).");
        Require(WarmupSteps >= 1 && WarmupSteps <= Steps, $"Warmup steps must be between 1 and the step count {Steps} (got {WarmupSteps}).");
        Require(double.IsFinite(WeightDecay) && WeightDecay >= 0, $"Weight decay must be a number >= 0 (got {WeightDecay}).");
        Require(Beta1 is >= 0 and < 1, $"Adam beta1 must be in [0, 1) (got {Beta1}).");
        Require(Beta2 is >= 0 and < 1, $"Adam beta2 must be in [0, 1) (got {Beta2}).");
        Require(double.IsFinite(AdamEpsilon) && AdamEpsilon > 0, $"Adam epsilon must be a positive number (got {AdamEpsilon}).");
        Require(double.IsFinite(GradientClip) && GradientClip > 0, $"Gradient clip must be a positive number (got {GradientClip}).");
        Checkpoints.Validate();
        Require(EvaluationPerTaskLevel >= 1, $"Evaluation examples per task-level must be at least 1 (got {EvaluationPerTaskLevel}).");
        Require(TaskLevels.Count > 0, "Task-levels must name at least one task-level (e.g. COPY_L1).");
        _ = ParsedTaskLevels();
        Require(Enum.IsDefined(SaveWeights), $"Save-weights policy must be all, last or none (got {SaveWeights}).");
        Require(Enum.IsDefined(LossWeighting), $"Loss weighting must be tokens or examples (got {LossWeighting}).");
        return this;
    }

    /// <summary>The configuration as stored with a run (snake_case JSON).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, SnakeCaseJson.Options);

    /// <summary>Reads a configuration written by <see cref="ToJson"/>.</summary>
    public static TrainingConfig FromJson(string json) =>
        JsonSerializer.Deserialize<TrainingConfig>(json, SnakeCaseJson.Options) ?? throw new FormatException("empty configuration");

    /// <summary>
    /// A stored configuration as this version writes it, for comparisons: keys no longer read
    /// (such as <c>weight_decay_on</c>) drop out. Text that does not read as a configuration is returned unchanged.
    /// </summary>
    public static string Normalise(string json)
    {
        try
        {
            return FromJson(json).ToJson();
        }
        catch (Exception e) when (e is JsonException or FormatException or NotSupportedException)
        {
            return json;
        }
    }
}
