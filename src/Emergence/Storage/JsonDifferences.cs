using System.Text.Json;

namespace Emergence.Storage;

/// <summary>
/// Where two JSON documents differ, as readable paths (<c>runs[0].training.steps: stored 3000,
/// requested 4000</c>); used to name what changed when a stored configuration is reused.
/// </summary>
internal static class JsonDifferences
{
    public static IReadOnlyList<string> Between(string storedJson, string requestedJson, int max = 5)
    {
        using var a = JsonDocument.Parse(storedJson);
        using var b = JsonDocument.Parse(requestedJson);
        var found = new List<string>();
        Walk(a.RootElement, b.RootElement, "", found);
        return found.Count <= max ? found : [.. found.Take(max), $"and {found.Count - max} more"];
    }

    private static void Walk(JsonElement? a, JsonElement? b, string path, List<string> found)
    {
        if (a is { ValueKind: JsonValueKind.Object } oa && b is { ValueKind: JsonValueKind.Object } ob)
        {
            var left = oa.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
            var right = ob.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
            foreach (var key in left.Keys.Union(right.Keys).Order())
                Walk(left.TryGetValue(key, out var l) ? l : null, right.TryGetValue(key, out var r) ? r : null,
                    path.Length == 0 ? key : $"{path}.{key}", found);
            return;
        }
        if (a is { ValueKind: JsonValueKind.Array } aa && b is { ValueKind: JsonValueKind.Array } ab && aa.GetArrayLength() == ab.GetArrayLength())
        {
            int i = 0;
            foreach (var (l, r) in aa.EnumerateArray().Zip(ab.EnumerateArray()))
                Walk(l, r, $"{path}[{i++}]", found);
            return;
        }
        string Text(JsonElement? e) => e is null ? "(none)" : JsonSerializer.Serialize(e.Value);
        if (Text(a) != Text(b)) found.Add($"{path}: stored {Text(a)}, requested {Text(b)}");
    }
}
