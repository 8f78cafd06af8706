using Emergence.Models;
using Emergence.Storage;

namespace Emergence.Training;

/// <summary>
/// Measures taken at a checkpoint during training. Their rows are committed in the same
/// transaction as the checkpoint, so a checkpoint is stored with all its measures or not at all.
/// Called inside training: the model is in training mode and must be left unchanged.
/// </summary>
public interface ICheckpointMeasures
{
    /// <summary>The measures due at this checkpoint, as metric rows; the model is left as it was.</summary>
    IReadOnlyList<MetricRow> Measure(long step, Gpt model);

    /// <summary>The selection and every setting, recorded in the run's meta as "measures".</summary>
    string Describe();
}
