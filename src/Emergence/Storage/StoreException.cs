namespace Emergence.Storage;

/// <summary>A run folder or store that cannot be used as asked; the message is one line for the user.</summary>
public sealed class StoreException(string message, Exception? inner = null) : Exception(message, inner);
