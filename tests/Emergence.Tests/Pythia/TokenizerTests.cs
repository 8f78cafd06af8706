using Emergence.Pythia;

namespace Emergence.Tests.Pythia;

/// <summary>The byte-level BPE reader against the fixture's 44 golden cases.</summary>
public sealed class TokenizerTests
{
    private static readonly Lazy<PythiaTokenizer> Tokenizer = new(() => PythiaTokenizer.Load(Path.Combine(TinyNeoX.Folder, "tokenizer.json")));

    [Fact]
    public void Every_golden_case_gives_the_expected_ids_tokens_and_decoded_text()
    {
        var tok = Tokenizer.Value;
        int n = 0;
        var failures = new List<string>();
        foreach (var c in TinyNeoX.Tokens.GetProperty("cases").EnumerateArray())
        {
            var text = c.GetProperty("text").GetString()!;
            var expectedIds = TinyNeoX.Ints(c.GetProperty("ids"));
            var ids = tok.Encode(text);
            if (!ids.SequenceEqual(expectedIds))
                failures.Add($"{text}: [{string.Join(",", ids)}] vs [{string.Join(",", expectedIds)}]");
            var tokens = c.GetProperty("tokens").EnumerateArray().Select(e => e.GetString()!).ToArray();
            if (!tok.Tokens(expectedIds).SequenceEqual(tokens)) failures.Add($"{text}: token strings differ");
            if (tok.Decode(expectedIds) != c.GetProperty("decoded").GetString()) failures.Add($"{text}: decoded text differs");
            n++;
        }
        Assert.Equal(44, n);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Probe_texts_encode_as_in_expected_json()
    {
        foreach (var p in TinyNeoX.Expected.GetProperty("probes").EnumerateArray())
            Assert.Equal(TinyNeoX.Ints(p.GetProperty("ids")), Tokenizer.Value.Encode(p.GetProperty("text").GetString()!));
    }

    [Fact]
    public void End_of_text_is_id_zero_and_whitespace_runs_are_added_tokens()
    {
        Assert.Equal(0, Tokenizer.Value.EndOfText);
        Assert.Equal([24387, 50276, 10186, 209], Tokenizer.Value.Encode(" Hello  world "));
        Assert.Empty(Tokenizer.Value.Encode(""));
    }
}

/// <summary>The embedded NFC normaliser against known compositions.</summary>
public sealed class UnicodeNfcTests
{
    [Theory]
    [InlineData("e\u0301", "\u00e9")]
    [InlineData("A\u030a", "\u00c5")]
    [InlineData("\u212b", "\u00c5")]                 // Angstrom sign: singleton decomposition
    [InlineData("a\u0323\u0302", "\u1ead")]          // reordering + two-step composition
    [InlineData("a\u0302\u0323", "\u1ead")]
    [InlineData("\u1100\u1161\u11a8", "\uac01")]     // Hangul L V T
    [InlineData("plain ascii", "plain ascii")]
    [InlineData("\u0915\u093c", "\u0915\u093c")]     // composition exclusion stays decomposed
    public void Composes_like_unicode_nfc(string input, string expected) => Assert.Equal(expected, UnicodeNfc.Normalize(input));
}
