using System.Text.Json;
using Emergence.Analysis;
using Emergence.Storage;

namespace Emergence.Pythia.SweepAnalysis;

/// <summary>Writes results.json and tables.md of a Pythia analysis into a folder (each atomically).</summary>
public static class PythiaResultsWriter
{
    /// <summary>The result as results.json holds it.</summary>
    public static string ToJson(PythiaAnalysisResult result) => JsonSerializer.Serialize(result, ResultsWriter.JsonOptions);

    /// <summary>Returns the paths written.</summary>
    public static IReadOnlyList<string> Write(PythiaAnalysisResult result, string directory)
    {
        var folder = Path.GetFullPath(directory);
        Directory.CreateDirectory(folder);
        var json = Path.Combine(folder, ResultsWriter.JsonFile);
        var tables = Path.Combine(folder, ResultsWriter.TablesFile);
        RunFolder.WriteAtomically(json, s => { using var w = new StreamWriter(s, leaveOpen: true); w.Write(ToJson(result)); });
        RunFolder.WriteAtomically(tables, s => { using var w = new StreamWriter(s, leaveOpen: true); w.Write(PythiaTables.Render(result)); });
        return [json, tables];
    }
}
