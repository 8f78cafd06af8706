namespace Emergence.Pythia;

/// <summary>
/// GPT-2's byte-level alphabet: every byte maps to one printable character so that BPE can work
/// on strings. Bytes '!'..'~', '¡'..'¬' and '®'..'ÿ' map to the same code point; the other 68
/// bytes map, in increasing order, to U+0100, U+0101, ... (so space 0x20 becomes U+0120 'Ġ' and
/// newline 0x0A becomes U+010A 'Ċ').
/// </summary>
internal static class ByteLevelAlphabet
{
    public static readonly char[] ByteToChar = Build();
    private static readonly Dictionary<char, byte> CharToByte =
        ByteToChar.Select((c, b) => (c, b)).ToDictionary(p => p.c, p => (byte)p.b);

    private static char[] Build()
    {
        var map = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++)
        {
            bool printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            map[b] = printable ? (char)b : (char)next++;
        }
        return map;
    }

    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[bytes.Length];
        for (int i = 0; i < bytes.Length; i++) chars[i] = ByteToChar[bytes[i]];
        return new string(chars);
    }

    /// <summary>
    /// The bytes a token string stands for. A token with any character outside the alphabet
    /// (added tokens such as runs of plain spaces) stands for its own UTF-8 bytes, as in the
    /// Hugging Face ByteLevel decoder.
    /// </summary>
    public static void Decode(string token, List<byte> into)
    {
        foreach (var c in token)
        {
            if (!CharToByte.ContainsKey(c))
            {
                into.AddRange(System.Text.Encoding.UTF8.GetBytes(token));
                return;
            }
        }
        foreach (var c in token) into.Add(CharToByte[c]);
    }
}
