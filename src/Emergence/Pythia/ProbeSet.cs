using System.Text.Json;

namespace Emergence.Pythia;

/// <summary>
/// One probe: a prompt with the correct continuation (<see cref="Answer"/>), optionally a list of
/// choices of which <see cref="AnswerIndex"/> is correct, or (general text) a whole sequence.
/// </summary>
public sealed record ProbeItem(string Prompt, string? Answer, IReadOnlyList<string>? Choices = null, int AnswerIndex = 0)
{
    /// <summary>Whether the item is plain text (no answer or choices), scored by its loss.</summary>
    public bool IsText => Answer is null && Choices is null;
    /// <summary>The correct continuation: the chosen choice, or the answer.</summary>
    public string Correct => Choices is { } c ? c[AnswerIndex] : Answer ?? "";
}

/// <summary>
/// A named list of probes. The seven sets of PROTOCOL §6 ship as embedded JSON lines
/// (Pythia/Probes/*.jsonl, written by make_probes.py): syntactic (subject-verb agreement, 36),
/// semantic (analogies, 30), arithmetic (3-shot addition and multiplication, 200), icl (4-shot
/// novel label maps, 16), factual (51), logical (syllogisms, 26), general (200 sequences; a
/// user's text file can replace it, one sequence per non-empty line).
/// </summary>
public sealed record ProbeSet(string Name, IReadOnlyList<ProbeItem> Items)
{
    /// <summary>Names of the built-in probe sets.</summary>
    public static readonly IReadOnlyList<string> BuiltInNames = ["syntactic", "semantic", "arithmetic", "icl", "factual", "logical", "general"];

    /// <summary>Every built-in probe set.</summary>
    public static IReadOnlyList<ProbeSet> BuiltIn() => [.. BuiltInNames.Select(Load)];

    /// <summary>A built-in probe set by name; throws <see cref="ArgumentException"/> naming the allowed ones.</summary>
    public static ProbeSet Load(string name)
    {
        var asm = typeof(ProbeSet).Assembly;
        using var stream = asm.GetManifestResourceStream($"Emergence.Pythia.Probes.{name}.jsonl")
            ?? throw new ArgumentException($"Unknown probe set '{name}' (known: {string.Join(", ", BuiltInNames)}).");
        using var reader = new StreamReader(stream);
        return new ProbeSet(name, Parse(reader, $"probe set {name}"));
    }

    /// <summary>Reads probes as JSON lines ({prompt, answer} / {prompt, choices, answer} / {text}).</summary>
    public static IReadOnlyList<ProbeItem> Parse(TextReader reader, string source)
    {
        var items = new List<ProbeItem>();
        int lineNumber = 0;
        for (string? line; (line = reader.ReadLine()) is not null;)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var e = doc.RootElement;
                if (e.TryGetProperty("text", out var text)) items.Add(new ProbeItem(text.GetString()!, null));
                else if (e.TryGetProperty("choices", out var choices))
                {
                    var list = choices.EnumerateArray().Select(c => c.GetString()!).ToList();
                    int k = e.GetProperty("answer").GetInt32();
                    if (k < 0 || k >= list.Count) throw new FormatException($"answer {k} is not a choice index");
                    items.Add(new ProbeItem(e.GetProperty("prompt").GetString()!, null, list, k));
                }
                else items.Add(new ProbeItem(e.GetProperty("prompt").GetString()!, e.GetProperty("answer").GetString()!));
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new FormatException($"{source}, line {lineNumber}: {ex.Message}", ex);
            }
        }
        return items;
    }

    /// <summary>A general-text set from a user's file: one sequence per non-empty line.</summary>
    public static ProbeSet FromTextFile(string path, string name = "general")
    {
        if (!File.Exists(path)) throw new ArgumentException($"General text file {path} does not exist.");
        var items = File.ReadLines(path).Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => new ProbeItem(l.TrimEnd(), null)).ToList();
        if (items.Count == 0) throw new ArgumentException($"General text file {path} has no non-empty lines.");
        return new ProbeSet(name, items);
    }
}
