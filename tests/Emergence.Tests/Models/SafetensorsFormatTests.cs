using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Emergence.Models;
using Emergence.Storage;
using Emergence.Tests.Support;
using Emergence.Training;
using TorchSharp;

namespace Emergence.Tests.Models;

/// <summary>
/// The weights files the trainer writes, read by a parser written here from the safetensors
/// specification (not the project's readers): 8-byte little-endian header length N, N bytes of
/// JSON mapping each tensor name to {dtype, shape, data_offsets [begin, end)} relative to the
/// byte after the header, then the raw little-endian data.
/// </summary>
public class SafetensorsFormatTests
{
    private sealed record Tensor(string DType, long[] Shape, float[] Values);

    /// <summary>Parses a whole file, checking that the tensors tile the data section exactly.</summary>
    private static Dictionary<string, Tensor> Parse(string path)
    {
        var bytes = File.ReadAllBytes(path);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(0, 8));
        Assert.True(headerLength <= (ulong)bytes.Length - 8, $"header length {headerLength} exceeds the file");
        int dataStart = 8 + (int)headerLength;
        using var header = JsonDocument.Parse(Encoding.UTF8.GetString(bytes, 8, (int)headerLength));
        var tensors = new Dictionary<string, Tensor>();
        var extents = new List<(long Begin, long End)>();
        foreach (var entry in header.RootElement.EnumerateObject())
        {
            if (entry.Name == "__metadata__") continue;
            var dtype = entry.Value.GetProperty("dtype").GetString()!;
            var shape = entry.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            Assert.Equal("F32", dtype);
            long count = shape.Aggregate(1L, (a, b) => a * b);
            Assert.Equal(count * 4, offsets[1] - offsets[0]);
            var values = new float[count];
            for (long i = 0; i < count; i++)
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(dataStart + (int)(offsets[0] + 4 * i), 4));
            tensors.Add(entry.Name, new Tensor(dtype, shape, values));
            extents.Add((offsets[0], offsets[1]));
        }
        long position = 0;
        foreach (var (begin, end) in extents.OrderBy(e => e.Begin))
        {
            Assert.Equal(position, begin); // no gap, no overlap
            position = end;
        }
        Assert.Equal(bytes.Length - dataStart, position); // nothing after the last tensor
        return tensors;
    }

    private static void AssertSameAsModel(Dictionary<string, Tensor> file, Gpt model)
    {
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.Equal(parameters.Keys.Order(), file.Keys.Order());
        foreach (var (name, parameter) in parameters)
        {
            Assert.Equal(parameter.shape, file[name].Shape);
            var expected = parameter.detach().cpu().contiguous().data<float>().ToArray();
            Assert.True(expected.AsSpan().SequenceEqual(file[name].Values), $"{name} differs from the model's parameter");
        }
    }

    [Fact]
    [Trait(Category.Name, Category.Slow)]
    public void Trainer_weights_read_by_an_independent_parser_equal_the_model()
    {
        using var dir = new TempDirectory();
        var config = TrainingConfig.Paper(GptConfig.Preset("nano"), steps: 3) with
        {
            Checkpoints = new CheckpointSchedule(Every: 3),
            EvaluationPerTaskLevel = 4,
            TaskLevels = ["COPY_L1"],
        };
        var folder = new RunFolder(dir.Path);
        new Trainer(config, folder, torch.CPU, threads: 1).Run(resume: false);

        // step 0: the initialisation, which the seed fixes; rebuilt here the way the trainer builds it
        var initial = Parse(folder.WeightsFile(0));
        torch.manual_seed(config.Seed);
        using (var fresh = new Gpt(config.Model)) AssertSameAsModel(initial, fresh);
        Assert.Equal([41L, 128], initial["wte.weight"].Shape);
        Assert.Equal([384L, 128], initial["h.0.attn.c_attn.weight"].Shape); // nn.Linear layout [out, in]
        Assert.DoesNotContain(initial.Keys, k => k.StartsWith("lm_head")); // tied to wte: stored once
        Assert.Equal(config.Model.ParameterCount(), initial.Values.Sum(t => (long)t.Values.Length));

        // step 3: after three AdamW steps; the project's loader must give the same numbers
        var trained = Parse(folder.WeightsFile(3));
        using var loaded = new Gpt(config.Model);
        ModelWeights.Load(folder.WeightsFile(3), loaded);
        AssertSameAsModel(trained, loaded);
        Assert.False(trained["wte.weight"].Values.AsSpan().SequenceEqual(initial["wte.weight"].Values));
    }
}
