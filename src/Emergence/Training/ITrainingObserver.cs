using Emergence.Storage;

namespace Emergence.Training;

/// <summary>Receives progress from a <see cref="Trainer"/> (progress bars, logs, tests).</summary>
public interface ITrainingObserver
{
    /// <summary>Training starts (or resumes) at <paramref name="firstStep"/>.</summary>
    void Started(TrainingConfig config, long firstStep) { }
    /// <summary>An optimisation step finished with this batch loss, learning rate and throughput.</summary>
    void Stepped(long step, double loss, double learningRate, double tokensPerSecond) { }
    /// <summary>A checkpoint was committed with these evaluation results.</summary>
    void Checkpointed(long step, IReadOnlyList<TaskLevelResult> results) { }

    /// <summary>What a checkpoint committed to the store: its row, every metric and the step losses since the previous one.</summary>
    void Recorded(CheckpointRow checkpoint, IReadOnlyList<MetricRow> metrics, IReadOnlyList<StepLoss> losses) { }
}
