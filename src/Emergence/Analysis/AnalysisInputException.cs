namespace Emergence.Analysis;

/// <summary>Runs that cannot be analysed as asked (mixed suites, no checkpoints, ...); the message is one line.</summary>
internal sealed class AnalysisInputException(string message) : ArgumentException(message);
