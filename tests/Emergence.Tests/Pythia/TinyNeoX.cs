using System.Text.Json;

namespace Emergence.Tests.Pythia;

/// <summary>Paths and expected values of the tiny-neox-a fixture (tests/fixtures/tiny-neox-a).</summary>
internal static class TinyNeoX
{
    // One libtorch thread: the test machine's cores are shared, where more threads run slower.
    static TinyNeoX() => TorchSharp.torch.set_num_threads(1);

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "fixtures", "tiny-neox-a");

    private static readonly Lazy<JsonDocument> ExpectedDoc = new(() => JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder, "expected.json"))));
    private static readonly Lazy<JsonDocument> TokensDoc = new(() => JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder, "tokens.json"))));

    public static JsonElement Expected => ExpectedDoc.Value.RootElement;
    public static JsonElement Tokens => TokensDoc.Value.RootElement;

    public static float[] Floats(JsonElement array) => [.. array.EnumerateArray().Select(e => (float)e.GetDouble())];
    public static double[] Doubles(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];
    public static int[] Ints(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetInt32())];

    /// <summary>A copy of the fixture in a fresh temporary folder, for tests that change files.</summary>
    public static string CopyTo(string destination, params string[] skip)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(Folder))
        {
            var name = Path.GetFileName(file);
            if (skip.Contains(name) || name is "expected.json" or "tokens.json" or "README.md") continue;
            File.Copy(file, Path.Combine(destination, name));
        }
        return destination;
    }
}
