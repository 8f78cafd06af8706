using System.Text.Json;

namespace Emergence.Pythia;

/// <summary>Reads a JSON file of a model folder; a missing or malformed file is an error naming it.</summary>
internal static class JsonFile
{
    public static T Read<T>(string path, string what, Func<JsonElement, T> parse)
    {
        if (!File.Exists(path)) throw new CheckpointFormatException($"{path}: {what} is missing.");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new CheckpointFormatException($"{path}: not valid JSON ({e.Message}).", e);
        }
        using (doc) return parse(doc.RootElement);
    }
}
