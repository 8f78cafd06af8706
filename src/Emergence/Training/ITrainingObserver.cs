using Emergence.Storage;

namespace Emergence.Training;

/// <summary>Receives progress from a <see cref="Trainer"/> (progress bars, logs, tests).</summary>
public interface ITrainingObserver
{
    void Started(TrainingConfig config, long firstStep) { }
    void Stepped(long step, double loss, double learningRate, double tokensPerSecond) { }
    void Checkpointed(long step, IReadOnlyList<TaskLevelResult> results) { }

    /// <summary>What a checkpoint committed to the store: its row, every metric and the step losses since the previous one.</summary>
    void Recorded(CheckpointRow checkpoint, IReadOnlyList<MetricRow> metrics, IReadOnlyList<StepLoss> losses) { }
}
