using System.Text.Json;
using Emergence.Analysis;
using Emergence.Reporting;

namespace Emergence.Study;

/// <summary>
/// The report's "Measure settings" table, read from each run's meta "measures" (the selection and
/// every setting, recorded when the run was created): one row per setting, flattened to its path
/// (e.g. <c>llc.chains</c>), one column per group of runs that recorded the same settings. Nothing
/// is named here, so a setting added to any measure appears without a change to this table.
/// </summary>
internal static class MeasureSettingsTable
{
    public const string Title = "Measure settings";

    public static ReportTable? Build(IReadOnlyList<RunData> runs)
    {
        if (runs.Count == 0) return null;
        var groups = runs.GroupBy(r => r.MeasuresJson ?? "").ToList();
        var columns = groups.Select(g => g.Key == "" ? new Dictionary<string, string> { ["selection"] = "not recorded" } : Flatten(g.Key)).ToList();
        var settings = columns.SelectMany(c => c.Keys).Distinct().OrderBy(k => k == "selection" ? "" : k, StringComparer.Ordinal).ToList();
        var header = new List<string> { "setting" };
        header.AddRange(groups.Select(g => string.Join(", ", g.Select(r => r.ToString()))));
        var rows = settings.Select(setting => (IReadOnlyList<string>)[setting, .. columns.Select(c => c.GetValueOrDefault(setting, "-"))]).ToList();
        return new ReportTable(Title, header, rows,
            "From each run's meta \"measures\". Next to each value the store also holds its own settings rows " +
            "(e.g. rankme_rows, fisher_examples, gradcov_examples, hessian_*, llc_*; see docs/metrics.md).");
    }

    /// <summary>Setting path to value text; the JSON's "settings" object is flattened without its own name.</summary>
    public static Dictionary<string, string> Flatten(string json)
    {
        var result = new Dictionary<string, string>();
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object) return new() { ["selection"] = json };
            foreach (var property in document.RootElement.EnumerateObject())
                Add(result, property.Name == "settings" ? "" : property.Name, property.Value);
        }
        catch (JsonException)
        {
            result["selection"] = json;   // "none", or a meta written before settings were recorded
        }
        return result;
    }

    private static void Add(Dictionary<string, string> result, string path, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                    Add(result, path == "" ? property.Name : $"{path}.{property.Name}", property.Value);
                break;
            case JsonValueKind.String:
                result[path] = value.GetString() ?? "";
                break;
            default:
                result[path] = value.GetRawText();
                break;
        }
    }
}
