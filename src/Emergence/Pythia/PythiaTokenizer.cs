using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Emergence.Pythia;

/// <summary>
/// The byte-level BPE tokenizer of a Hugging Face <c>tokenizer.json</c> as GPT-NeoX / Pythia use
/// it (<c>&lt;|endoftext|&gt;</c> = 0, no BOS added). Encoding, in order:
/// <list type="number">
/// <item>added tokens (special tokens and the whitespace runs 50254..50276) are cut out first,
/// leftmost-longest;</item>
/// <item>each remaining piece is NFC-normalised and split by the GPT-2 pattern
/// <c>'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+</c>;</item>
/// <item>each word's UTF-8 bytes are mapped to the byte-level alphabet
/// (<see cref="ByteLevelAlphabet"/>) and merged by BPE: repeatedly merge the adjacent pair
/// with the lowest rank in <c>merges</c> until none applies; the symbols' vocabulary ids are
/// the tokens.</item>
/// </list>
/// Microsoft.ML.Tokenizers 2.0.1 was not used: it has no reader for tokenizer.json (its BPE and
/// CodeGen tokenizers take vocab.json and merges.txt) and would not apply the added whitespace
/// tokens or the NFC normaliser that this file specifies.
/// </summary>
internal sealed partial class PythiaTokenizer
{
    [GeneratedRegex(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+", RegexOptions.CultureInvariant)]
    private static partial Regex PreTokenizer();

    private readonly Dictionary<string, int> _vocab;
    private readonly string[] _idToToken;
    private readonly Dictionary<(string, string), int> _mergeRanks;
    private readonly List<(string Content, int Id)> _added;
    private readonly bool _nfc;
    private readonly Dictionary<string, int[]> _cache = [];

    public string Path { get; }
    public int VocabSize => _idToToken.Length;
    public int EndOfText => _vocab.GetValueOrDefault("<|endoftext|>", 0);

    private PythiaTokenizer(string path, Dictionary<string, int> vocab, Dictionary<(string, string), int> merges,
        List<(string, int)> added, bool nfc)
    {
        Path = path;
        _vocab = vocab;
        _mergeRanks = merges;
        _added = [.. added.OrderByDescending(a => a.Item1.Length)];
        _nfc = nfc;
        int size = Math.Max(vocab.Count == 0 ? 0 : vocab.Values.Max() + 1, added.Count == 0 ? 0 : added.Max(a => a.Item2) + 1);
        _idToToken = new string[size];
        foreach (var (token, id) in vocab) _idToToken[id] = token;
        foreach (var (content, id) in added) _idToToken[id] = content;
    }

    public static PythiaTokenizer Load(string path) => JsonFile.Read(path, "tokenizer.json", root =>
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.Object)
            throw Bad(path, "no 'model' object (not a Hugging Face tokenizer.json)");
        string? type = model.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (type != "BPE")
            throw Bad(path, $"model type '{type ?? "(none)"}' is not supported; a byte-level BPE tokenizer (GPT-NeoX / Pythia) is expected");
        if (!IsByteLevel(root, "pre_tokenizer"))
            throw Bad(path, "pre_tokenizer is not ByteLevel; only byte-level BPE tokenizers (GPT-NeoX / Pythia) are supported");
        if (root.TryGetProperty("pre_tokenizer", out var pre) && pre.TryGetProperty("add_prefix_space", out var aps) && aps.ValueKind == JsonValueKind.True)
            throw Bad(path, "ByteLevel add_prefix_space = true is not supported");
        bool nfc = false;
        if (root.TryGetProperty("normalizer", out var norm) && norm.ValueKind != JsonValueKind.Null)
        {
            var normType = norm.TryGetProperty("type", out var nt) ? nt.GetString() : null;
            if (normType != "NFC") throw Bad(path, $"normalizer '{normType}' is not supported (only NFC or none)");
            nfc = true;
        }
        if (!model.TryGetProperty("vocab", out var vocabJson) || vocabJson.ValueKind != JsonValueKind.Object)
            throw Bad(path, "model.vocab is missing");
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in vocabJson.EnumerateObject()) vocab[p.Name] = p.Value.GetInt32();
        var merges = new Dictionary<(string, string), int>();
        if (!model.TryGetProperty("merges", out var mergesJson) || mergesJson.ValueKind != JsonValueKind.Array)
            throw Bad(path, "model.merges is missing");
        int rank = 0;
        foreach (var m in mergesJson.EnumerateArray())
        {
            (string, string) pair;
            if (m.ValueKind == JsonValueKind.String)
            {
                var s = m.GetString()!;
                int space = s.IndexOf(' ');
                if (space <= 0) throw Bad(path, $"merge {rank} '{s}' is not 'a b'");
                pair = (s[..space], s[(space + 1)..]);
            }
            else if (m.ValueKind == JsonValueKind.Array && m.GetArrayLength() == 2)
                pair = (m[0].GetString()!, m[1].GetString()!);
            else throw Bad(path, $"merge {rank} is malformed");
            merges.TryAdd(pair, rank++);
        }
        var added = new List<(string, int)>();
        if (root.TryGetProperty("added_tokens", out var addedJson) && addedJson.ValueKind == JsonValueKind.Array)
            foreach (var a in addedJson.EnumerateArray())
                added.Add((a.GetProperty("content").GetString()!, a.GetProperty("id").GetInt32()));
        return new PythiaTokenizer(path, vocab, merges, added, nfc);
    });

    private static bool IsByteLevel(JsonElement root, string key)
    {
        if (!root.TryGetProperty(key, out var e) || e.ValueKind != JsonValueKind.Object) return false;
        var type = e.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (type == "ByteLevel") return true;
        return type == "Sequence" && e.TryGetProperty("pretokenizers", out var seq) && seq.GetArrayLength() == 1 &&
               seq[0].TryGetProperty("type", out var inner) && inner.GetString() == "ByteLevel";
    }

    private static CheckpointFormatException Bad(string path, string problem) => new($"{path}: unsupported tokenizer: {problem}.");

    public int[] Encode(string text)
    {
        var ids = new List<int>();
        int start = 0;
        for (int i = 0; i < text.Length;)
        {
            var match = MatchAdded(text, i);
            if (match is { } m)
            {
                EncodePlain(text[start..i], ids);
                ids.Add(m.Id);
                i += m.Content.Length;
                start = i;
            }
            else i++;
        }
        EncodePlain(text[start..], ids);
        return [.. ids];
    }

    private (string Content, int Id)? MatchAdded(string text, int at)
    {
        foreach (var a in _added) // longest first
            if (a.Content.Length > 0 && string.CompareOrdinal(text, at, a.Content, 0, a.Content.Length) == 0)
                return a;
        return null;
    }

    private void EncodePlain(string piece, List<int> ids)
    {
        if (piece.Length == 0) return;
        if (_nfc) piece = UnicodeNfc.Normalize(piece);
        foreach (Match word in PreTokenizer().Matches(piece))
        {
            var symbols = ByteLevelAlphabet.Encode(Encoding.UTF8.GetBytes(word.Value));
            if (!_cache.TryGetValue(symbols, out var wordIds))
            {
                wordIds = Bpe(symbols);
                if (_cache.Count < 100_000) _cache[symbols] = wordIds;
            }
            ids.AddRange(wordIds);
        }
    }

    private int[] Bpe(string word)
    {
        var parts = word.Select(c => c.ToString()).ToList();
        while (parts.Count > 1)
        {
            int best = int.MaxValue, at = -1;
            for (int i = 0; i + 1 < parts.Count; i++)
                if (_mergeRanks.TryGetValue((parts[i], parts[i + 1]), out int r) && r < best)
                    (best, at) = (r, i);
            if (at < 0) break;
            var (left, right) = (parts[at], parts[at + 1]);
            var merged = new List<string>(parts.Count);
            for (int i = 0; i < parts.Count; i++)
            {
                if (i + 1 < parts.Count && parts[i] == left && parts[i + 1] == right)
                {
                    merged.Add(left + right);
                    i++;
                }
                else merged.Add(parts[i]);
            }
            parts = merged;
        }
        var ids = new int[parts.Count];
        for (int i = 0; i < parts.Count; i++)
            ids[i] = _vocab.TryGetValue(parts[i], out var id) ? id
                : throw new CheckpointFormatException($"{Path}: symbol '{parts[i]}' is not in the vocabulary (incomplete byte alphabet).");
        return ids;
    }

    /// <summary>The vocabulary strings of the ids (byte-level alphabet; added tokens as written).</summary>
    public string[] Tokens(IEnumerable<int> ids) => [.. ids.Select(Token)];

    public string Token(int id) =>
        id >= 0 && id < _idToToken.Length && _idToToken[id] is { } s ? s : throw new ArgumentException($"Token id {id} is not in the vocabulary.");

    /// <summary>Text of the ids, special tokens included; invalid UTF-8 becomes U+FFFD.</summary>
    public string Decode(IEnumerable<int> ids)
    {
        var bytes = new List<byte>();
        foreach (var id in ids) ByteLevelAlphabet.Decode(Token(id), bytes);
        return Encoding.UTF8.GetString([.. bytes]);
    }
}
