using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Emergence.Storage;

namespace Emergence.Analysis;

/// <summary>Writes results.json and tables.md into an output folder (each written atomically).</summary>
public static class ResultsWriter
{
    /// <summary>File name of the machine-readable results.</summary>
    public const string JsonFile = "results.json";
    /// <summary>File name of the Markdown tables.</summary>
    public const string TablesFile = "tables.md";

    /// <summary><see cref="SnakeCaseJson.Options"/>, plus unescaped text and NaN/Infinity as named literals.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new(SnakeCaseJson.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DictionaryKeyPolicy = null,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The result as results.json holds it.</summary>
    public static string ToJson(AnalysisResult result) => JsonSerializer.Serialize(result, JsonOptions);

    /// <summary>Returns the paths written.</summary>
    public static IReadOnlyList<string> Write(AnalysisResult result, string directory)
    {
        Directory.CreateDirectory(directory);
        var json = Path.Combine(Path.GetFullPath(directory), JsonFile);
        var tables = Path.Combine(Path.GetFullPath(directory), TablesFile);
        RunFolder.WriteAtomically(json, s => { using var w = new StreamWriter(s, leaveOpen: true); w.Write(ToJson(result)); });
        RunFolder.WriteAtomically(tables, s => { using var w = new StreamWriter(s, leaveOpen: true); w.Write(MarkdownTables.Render(result)); });
        return [json, tables];
    }
}
