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

    /// <summary>A copy of the fixture whose every weight is w + scale * std(w) * N(0, 1) (seeded), stored as <paramref name="dtype"/>.</summary>
    public static string WritePerturbed(string destination, int seed, double scale, TorchSharp.torch.ScalarType dtype)
    {
        var dir = CopyTo(destination, "pytorch_model.bin", "model.safetensors");
        using var scope = TorchSharp.torch.NewDisposeScope();
        using var source = Emergence.Pythia.SafetensorsFile.Open(Path.Combine(Folder, "model.safetensors"));
        var gen = new TorchSharp.torch.Generator((ulong)seed);
        var tensors = source.Tensors.Select(t =>
        {
            var x = source.Read(t, null).to_type(TorchSharp.torch.ScalarType.Float32);
            return (t.Name, (x + scale * TorchSharp.torch.randn(x.shape, generator: gen) * x.std()).to_type(dtype));
        }).ToList();
        SafetensorsWriter.Write(Path.Combine(dir, "model.safetensors"), tensors);
        return dir;
    }

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
