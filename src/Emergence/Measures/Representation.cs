namespace Emergence.Measures;

/// <summary>Which hidden state of an example stands for it in RankMe (PROTOCOL §4.1).</summary>
public enum Representation
{
    /// <summary>The hidden state at the last prompt token ('='): the paper's choice and the default.</summary>
    LastPrompt,
    /// <summary>Mean over the positions that predict the answer's tokens and &lt;eos&gt; ('=' through the last answer token).</summary>
    AnswerMean,
    /// <summary>Mean over every input position of the example (padding excluded).</summary>
    AllMean,
}

/// <summary>Command-line names of <see cref="Representation"/>.</summary>
public static class Representations
{
    /// <summary>Parses last-prompt, answer-mean or all-mean; throws <see cref="ArgumentException"/> otherwise.</summary>
    public static Representation Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "last" or "last-prompt" or "lastprompt" => Representation.LastPrompt,
        "answer" or "answer-mean" => Representation.AnswerMean,
        "all" or "all-mean" => Representation.AllMean,
        _ => throw new ArgumentException($"Unknown representation '{text}' (allowed: last-prompt, answer-mean, all-mean)."),
    };
}
