using System.Text.Json;
using System.Text.Json.Serialization;

namespace Emergence.Storage;

/// <summary>
/// The JSON style of what the program stores and writes (run configurations, study definitions,
/// analysis results): snake_case property names and snake_case enum values, indented.
/// </summary>
internal static class SnakeCaseJson
{
    /// <summary>Indented, snake_case properties and enum values.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>The same on one line (values compared as strings, such as a run's measure settings).</summary>
    public static JsonSerializerOptions Compact { get; } = new(Options) { WriteIndented = false };
}
