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
    public sealed record CheckpointExportRow(
        [property: JsonPropertyName("step")] long Step,
        [property: JsonPropertyName("train_loss")] double? TrainLoss,
        [property: JsonPropertyName("learning_rate")] double LearningRate,
        [property: JsonPropertyName("tokens_seen")] long TokensSeen,
        [property: JsonPropertyName("wall_seconds")] double WallSeconds);

    public sealed record MetricExportRow(
        [property: JsonPropertyName("step")] long Step,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("task")] string Task,
        [property: JsonPropertyName("level")] int Level,
        [property: JsonPropertyName("layer")] int Layer,
        [property: JsonPropertyName("value")] double? Value);

    public sealed record ItemRow(
        [property: JsonPropertyName("step")] long Step,
        [property: JsonPropertyName("task")] string Task,
        [property: JsonPropertyName("level")] int Level,
        [property: JsonPropertyName("item")] int Item,
        [property: JsonPropertyName("correct")] bool Correct);

    public sealed record StepLossRow(
        [property: JsonPropertyName("step")] long Step,
        [property: JsonPropertyName("loss")] double Loss,
        [property: JsonPropertyName("learning_rate")] double LearningRate);

    public sealed record NonFiniteExportRow(
        [property: JsonPropertyName("step")] long Step,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("task")] string Task,
        [property: JsonPropertyName("level")] int Level,
        [property: JsonPropertyName("layer")] int Layer,
        [property: JsonPropertyName("value")] string Value);

    public sealed record MetaRow(
        [property: JsonPropertyName("key")] string Key,
        [property: JsonPropertyName("value")] string Value);

    /// <summary>A column's name: its property's JSON name.</summary>
    public static string ColumnName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
        ?? throw new InvalidOperationException($"{property.DeclaringType?.Name}.{property.Name} has no column name.");
}
