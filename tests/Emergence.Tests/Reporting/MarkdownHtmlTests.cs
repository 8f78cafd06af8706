using Emergence.Reporting;
using Emergence.Reporting.Html;

namespace Emergence.Tests.Reporting;

public sealed class MarkdownHtmlTests
{
    [Fact]
    public void Tables_round_trip_from_records_through_markdown_to_html()
    {
        var md = MarkdownTables.Render("T", [new ReportTable("A <b> | c", ["x", "y|z"], [["1.5", "a|b"], ["never", "**ok**"]], "note `n`")]);
        Assert.Contains("| x | y\\|z |", md);
        var html = MarkdownHtml.Convert(md);
        Assert.Contains("<h2>T</h2>", html);
        Assert.Contains("<h3>A &lt;b&gt; | c</h3>", html);
        Assert.Contains("<thead><tr><th>x</th><th>y|z</th></tr></thead>", html);
        Assert.Contains("<tr><td class=\"num\">1.5</td><td>a|b</td></tr>", html);
        Assert.Contains("<td><strong>ok</strong></td>", html);
        Assert.Contains("<p>note <code>n</code></p>", html);
    }

    [Fact]
    public void A_row_of_the_wrong_width_is_refused() =>
        Assert.Throws<ArgumentException>(() => MarkdownTables.Render("T", [new ReportTable("bad", ["a", "b"], [["1"]])]));
}
