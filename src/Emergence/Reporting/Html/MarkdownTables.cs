using System.Text;

namespace Emergence.Reporting.Html;

/// <summary>Writes report tables as GitHub-flavoured Markdown (tables.md).</summary>
internal static class MarkdownTables
{
    /// <summary>The title, the interim notice as a bold quote when there is one, then every table.</summary>
    public static string Render(string title, IReadOnlyList<ReportTable> tables, string? interimNotice = null)
    {
        var md = new StringBuilder();
        md.Append("# ").Append(title).Append("\n\n");
        if (interimNotice is not null) md.Append("> **INTERIM REPORT.** ").Append(interimNotice).Append("\n\n");
        foreach (var table in tables)
        {
            md.Append("## ").Append(table.Title).Append("\n\n");
            md.Append(Row(table.Header));
            md.Append('|').Append(string.Concat(table.Header.Select(_ => "---|"))).Append('\n');
            foreach (var row in table.Rows)
            {
                if (row.Count != table.Header.Count)
                    throw new ArgumentException($"Table '{table.Title}' has {table.Header.Count} columns but a row of {row.Count}.");
                md.Append(Row(row));
            }
            md.Append('\n');
            if (table.Note is { Length: > 0 } note) md.Append(note.Trim()).Append("\n\n");
        }
        return md.ToString();
    }

    private static string Row(IEnumerable<string> cells) =>
        "| " + string.Join(" | ", cells.Select(Cell)) + " |\n";

    /// <summary>A cell's text with pipes escaped and line breaks flattened.</summary>
    public static string Cell(string text) => text.Replace("|", "\\|").Replace("\r", "").Replace("\n", " ");
}
