namespace Emergence.Reporting;

/// <summary>A table for tables.md (Markdown) and the page (HTML), with an optional note under it.</summary>
public sealed record ReportTable(string Title, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows, string? Note = null);
