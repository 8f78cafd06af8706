namespace Emergence.Tasks;

/// <summary>
/// The 41-token character vocabulary of PROTOCOL §1: <c>&lt;pad&gt;</c>=0, <c>&lt;bos&gt;</c>=1,
/// <c>&lt;eos&gt;</c>=2, digits 0-9 = 3..12, A-Z = 13..38, space = 39, '=' = 40.
/// </summary>
public static class Vocabulary
{
    /// <summary>&lt;pad&gt;.</summary>
    public const int Pad = 0;
    /// <summary>&lt;bos&gt;, the first token of every example.</summary>
    public const int Bos = 1;
    /// <summary>&lt;eos&gt;, the last token of every example.</summary>
    public const int Eos = 2;
    /// <summary>Number of tokens.</summary>
    public const int Size = 41;

    private static readonly string[] Symbols = BuildSymbols();

    private static string[] BuildSymbols()
    {
        var symbols = new List<string> { "<pad>", "<bos>", "<eos>" };
        for (char c = '0'; c <= '9'; c++) symbols.Add(c.ToString());
        for (char c = 'A'; c <= 'Z'; c++) symbols.Add(c.ToString());
        symbols.Add(" ");
        symbols.Add("=");
        return [.. symbols];
    }

    /// <summary>Each token's text, by id.</summary>
    public static IReadOnlyList<string> Tokens => Symbols;

    /// <summary>The id of a character; throws on one outside the vocabulary.</summary>
    public static int Encode(char c) => c switch
    {
        >= '0' and <= '9' => 3 + (c - '0'),
        >= 'A' and <= 'Z' => 13 + (c - 'A'),
        ' ' => 39,
        '=' => 40,
        _ => throw new ArgumentException($"Character '{c}' is not in the vocabulary (allowed: digits, A-Z, space, '=')."),
    };

    /// <summary>Appends the ids of the text's characters.</summary>
    public static void Encode(string text, List<int> into)
    {
        foreach (var c in text) into.Add(Encode(c));
    }

    /// <summary>The text of a sequence of ids.</summary>
    public static string Decode(IEnumerable<int> ids) => string.Concat(ids.Select(id => Symbols[id]));
}
