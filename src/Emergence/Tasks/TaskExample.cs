namespace Emergence.Tasks;

/// <summary>
/// One example: <c>&lt;bos&gt; Prompt Answer &lt;eos&gt;</c>, where the prompt is
/// <c>"TASK input ="</c> and the answer follows the '=' directly, e.g. "ADD 23 45 =" + "68".
/// </summary>
public sealed record TaskExample(TaskLevel TaskLevel, string Prompt, string Answer)
{
    /// <summary>Prompt and answer, without &lt;bos&gt; and &lt;eos&gt;.</summary>
    public string Text => Prompt + Answer;

    /// <summary>Token ids of the whole sequence, &lt;bos&gt; and &lt;eos&gt; included.</summary>
    public int[] Tokens()
    {
        var ids = new List<int>(Prompt.Length + Answer.Length + 2) { Vocabulary.Bos };
        Vocabulary.Encode(Prompt, ids);
        Vocabulary.Encode(Answer, ids);
        ids.Add(Vocabulary.Eos);
        return [.. ids];
    }

    /// <summary>Number of tokens the model reads: the sequence less its last token.</summary>
    public int InputLength => Prompt.Length + Answer.Length + 1;

    /// <summary>Input position of the last prompt token ('='), which predicts the first answer token.</summary>
    public int LastPromptPosition => Prompt.Length;

    /// <summary>Number of scored targets: the answer's tokens and &lt;eos&gt;.</summary>
    public int ScoredLength => Answer.Length + 1;
}
