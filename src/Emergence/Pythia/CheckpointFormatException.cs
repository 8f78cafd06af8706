namespace Emergence.Pythia;

/// <summary>
/// A model folder, weight file, configuration or tokenizer file that cannot be used. The message
/// names the file and the problem. Derives from <see cref="FormatException"/> so command-line
/// callers report it as bad input in one line.
/// </summary>
internal sealed class CheckpointFormatException(string message, Exception? inner = null) : FormatException(message, inner);
