using System.Reflection;
using System.Text.Json.Serialization;

namespace Emergence.Storage;

/// <summary>
/// The rows of the exported tables. Each column's name (snake_case, the same in CSV and Parquet)
/// is its property's <see cref="JsonPropertyNameAttribute"/>, which Parquet.Net writes as the
/// Parquet column name.
/// </summary>
public static class ExportRows
{
    /// <summary>One row of the <c>checkpoints</c> table.</summary>
    /// <param name="Step">Optimisation step of the checkpoint.</param>
    /// <param name="TrainLoss">Training loss of the step that reached it; empty (null) when not measured (step 0, Pythia sweeps) or NaN.</param>
    /// <param name="LearningRate">Learning rate of that step.</param>
    /// <param name="TokensSeen">Training tokens consumed up to the step.</param>
    /// <param name="WallSeconds">Seconds of training since the run began (resumed sessions included), evaluation and measures included.</param>
    public sealed record CheckpointExportRow(
        [property: JsonPropertyName("step")] long Step,
        [property: JsonPropertyName("train_loss")] double? TrainLoss,
        [property: JsonPropertyName("learning_rate")] double LearningRate,
        [property: JsonPropertyName("tokens_seen")] long TokensSeen,
        [property: JsonPropertyName("wall_seconds")] double WallSeconds);

    /// <summary>One row of the <c>metrics</c> table (long form: one value per row).</summary>
    /// <param name="Step">Checkpoint step.</param>
    /// <param name="Name">Metric name (<see cref="MetricNames"/>).</param>
    /// <param name="Task">Task name, or "" for a whole-model value.</param>
    /// <param name="Level">Task level (some metrics use it as an index, e.g. the i-th Hessian eigenvalue), or 0 when none.</param>
    /// <param name="Layer">Layer (0 = embedding output, l = block l), or -1 (<see cref="MetricRow.NoLayer"/>) when none.</param>
    /// <param name="Value">The value; empty (null) when it was NaN.</param>
    public sealed record MetricExportRow(
        [property: JsonPropertyName("step")] long Step,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("task")] string Task,
        [property: JsonPropertyName("level")] int Level,
        [property: JsonPropertyName("layer")] int Layer,
        [property: JsonPropertyName("value")] double? Value);

    /// <summary>One row of the <c>items</c> table: one evaluation item at one checkpoint.</summary>
    /// <param name="Step">Checkpoint step.</param>
    /// <param name="Task">Task name.</param>
    /// <param name="Level">Task level.</param>
    /// <param name="Item">Index of the item in the task-level's fixed evaluation set (0-based).</param>
    /// <param name="Correct">Whether the model's answer was exactly right.</param>
    public sealed record ItemRow(
        [property: JsonPropertyName("step")] long Step,
        [property: JsonPropertyName("task")] string Task,
        [property: JsonPropertyName("level")] int Level,
        [property: JsonPropertyName("item")] int Item,
        [property: JsonPropertyName("correct")] bool Correct);

    /// <summary>One row of the <c>step_losses</c> table: one optimisation step.</summary>
    /// <param name="Step">Optimisation step.</param>
    /// <param name="Loss">Its training loss.</param>
    /// <param name="LearningRate">Its learning rate.</param>
    public sealed record StepLossRow(
        [property: JsonPropertyName("step")] long Step,
        [property: JsonPropertyName("loss")] double Loss,
        [property: JsonPropertyName("learning_rate")] double LearningRate);

    /// <summary>One row of the <c>non_finite</c> table: a value that came out NaN or infinite (<see cref="NonFiniteValue"/>).</summary>
    /// <param name="Step">Step it came out at.</param>
    /// <param name="Name">Metric name (or <c>train_loss</c>, <c>grad_norm</c>).</param>
    /// <param name="Task">Task name, or "".</param>
    /// <param name="Level">Task level, or 0.</param>
    /// <param name="Layer">Layer index, or -1.</param>
    /// <param name="Value">"NaN", "Infinity" or "-Infinity".</param>
    public sealed record NonFiniteExportRow(
        [property: JsonPropertyName("step")] long Step,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("task")] string Task,
        [property: JsonPropertyName("level")] int Level,
        [property: JsonPropertyName("layer")] int Layer,
        [property: JsonPropertyName("value")] string Value);

    /// <summary>One row of the <c>meta</c> table: a key of the store's metadata.</summary>
    /// <param name="Key">Metadata key (e.g. <c>config</c>, <c>created_at</c>).</param>
    /// <param name="Value">Its stored text.</param>
    public sealed record MetaRow(
        [property: JsonPropertyName("key")] string Key,
        [property: JsonPropertyName("value")] string Value);

    /// <summary>A column's name: its property's JSON name.</summary>
    public static string ColumnName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
        ?? throw new InvalidOperationException($"{property.DeclaringType?.Name}.{property.Name} has no column name.");
}
