using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Emergence.Reporting.Html;

/// <summary>
/// Converts the Markdown of tables.md to HTML: headings, pipe tables (with <c>\|</c> escapes),
/// paragraphs, and inline <c>**bold**</c> and <c>`code`</c>. Everything else is shown as text.
/// </summary>
internal static partial class MarkdownHtml
{
    public static string Convert(string markdown, int headingOffset = 1)
    {
        var html = new StringBuilder();
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        var paragraph = new List<string>();
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd();
            if (IsTableRow(line) && i + 1 < lines.Length && IsSeparator(lines[i + 1].Trim()))
            {
                Flush(html, paragraph);
                int end = i + 2;
                while (end < lines.Length && IsTableRow(lines[end].TrimEnd())) end++;
                AppendTable(html, Cells(line), lines[(i + 2)..end].Select(l => Cells(l.TrimEnd())).ToList());
                i = end - 1;
            }
            else if (HeadingPattern().Match(line) is { Success: true } heading)
            {
                Flush(html, paragraph);
                int level = Math.Min(6, heading.Groups[1].Length + headingOffset);
                html.Append($"<h{level}>{Inline(heading.Groups[2].Value)}</h{level}>\n");
            }
            else if (line.Length == 0) Flush(html, paragraph);
            else paragraph.Add(line.Trim());
        }
        Flush(html, paragraph);
        return html.ToString();
    }

    private static bool IsTableRow(string line) => line.StartsWith('|') && line.Length > 1;

    private static bool IsSeparator(string line) => SeparatorPattern().IsMatch(line);

    /// <summary>Splits "| a | b\|c |" into ["a", "b|c"].</summary>
    internal static List<string> Cells(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var body = line.Trim();
        if (body.StartsWith('|')) body = body[1..];
        for (int i = 0; i < body.Length; i++)
        {
            if (body[i] == '\\' && i + 1 < body.Length && body[i + 1] == '|') { cell.Append('|'); i++; }
            else if (body[i] == '|') { cells.Add(cell.ToString().Trim()); cell.Clear(); }
            else cell.Append(body[i]);
        }
        if (cell.ToString().Trim().Length > 0) cells.Add(cell.ToString().Trim());
        return cells;
    }

    private static void AppendTable(StringBuilder html, List<string> header, List<List<string>> rows)
    {
        html.Append("<table>\n<thead><tr>");
        foreach (var cell in header) html.Append("<th>").Append(Inline(cell)).Append("</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            for (int c = 0; c < header.Count; c++)
                html.Append(IsNumeric(c < row.Count ? row[c] : "") ? "<td class=\"num\">" : "<td>")
                    .Append(Inline(c < row.Count ? row[c] : "")).Append("</td>");
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
    }

    private static bool IsNumeric(string text) => NumberPattern().IsMatch(text);

    private static void Flush(StringBuilder html, List<string> paragraph)
    {
        if (paragraph.Count == 0) return;
        html.Append("<p>").Append(Inline(string.Join(" ", paragraph))).Append("</p>\n");
        paragraph.Clear();
    }

    /// <summary>HTML-encodes text, then turns **bold** and `code` into tags.</summary>
    internal static string Inline(string text)
    {
        var encoded = WebUtility.HtmlEncode(text);
        encoded = CodePattern().Replace(encoded, "<code>$1</code>");
        return BoldPattern().Replace(encoded, "<strong>$1</strong>");
    }

    [GeneratedRegex(@"^(#{1,6})\s+(.*)$")] private static partial Regex HeadingPattern();
    [GeneratedRegex(@"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")] private static partial Regex SeparatorPattern();
    [GeneratedRegex(@"^[-+]?[0-9][0-9,.]*(%|e[-+]?[0-9]+)?$")] private static partial Regex NumberPattern();
    [GeneratedRegex(@"`([^`]+)`")] private static partial Regex CodePattern();
    [GeneratedRegex(@"\*\*([^*]+)\*\*")] private static partial Regex BoldPattern();
}
