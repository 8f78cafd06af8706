namespace Emergence.Models;

/// <summary>
/// How the training loss weighs the scored tokens of a batch. The paper's text says the loss is
/// computed on the answer tokens only, not how they are averaged (docs/protocol.md §3); a token
/// mean gives an example weight in proportion to its answer length (SORT_L3's 16 scored tokens
/// count 2.45 times the mean example's), an example mean gives every example the same weight.
/// </summary>
public enum LossWeighting
{
    /// <summary>Mean over every scored token of the batch, pooled over examples (the default).</summary>
    Tokens,
    /// <summary>Mean over examples of each example's mean over its own scored tokens.</summary>
    Examples,
}
