using System.Net;
using System.Text;

namespace Emergence.Reporting.Html;

/// <summary>The summary table: each finding beside the paper's value with an agree/disagree mark.</summary>
internal static class SummaryTableHtml
{
    /// <summary>Mark and CSS class of an agreement (the mark's text is readable without colour).</summary>
    public static (string Mark, string CssClass) Mark(Agreement agreement) => agreement switch
    {
        Agreement.Agree => ("\u2713 agrees", "agree"),
        Agreement.Disagree => ("\u2717 disagrees", "disagree"),
        _ => ("\u2013 not measured", "not-measured"),
    };

    public static string Render(IReadOnlyList<SummaryRow> rows)
    {
        if (rows.Count == 0) return "<p class=\"missing\">No headline findings were computed for this report.</p>\n";
        int agree = rows.Count(r => r.Agreement == Agreement.Agree);
        int measured = rows.Count(r => r.Agreement != Agreement.NotMeasured);
        var html = new StringBuilder();
        html.Append($"<p>{agree} of {measured} measured findings agree with the paper ({rows.Count - measured} not measured).</p>\n");
        html.Append("<table class=\"summary\">\n<thead><tr><th>finding</th><th>paper</th><th>this study</th>" +
                    "<th>agreement</th><th>rule</th><th>runs</th><th>seeds</th></tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            var (mark, css) = Mark(row.Agreement);
            html.Append($"<tr class=\"{css}\" data-claim=\"{Encode(row.Claim.Id)}\">")
                .Append($"<td>{Encode(row.Claim.Finding)}</td>")
                .Append($"<td>{Encode(row.Claim.PaperValue)}</td>")
                .Append($"<td>{Encode(row.MeasuredText)}</td>")
                .Append($"<td class=\"mark\">{mark}</td>")
                .Append($"<td>{Encode(row.Claim.Rule)}</td>")
                .Append($"<td class=\"num\">{row.Runs}</td>")
                .Append($"<td class=\"num\">{row.Seeds}</td>")
                .Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
        return html.ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
