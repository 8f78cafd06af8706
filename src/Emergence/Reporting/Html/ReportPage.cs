using System.Net;
using System.Text;

namespace Emergence.Reporting.Html;

/// <summary>
/// The self-contained index.html: inline CSS, figures as base64 PNG data URIs, no network
/// references. A small inline script only marks on &lt;body&gt; whether every image decoded
/// (<c>data-images-loaded="all"</c>), for the headless-browser check; the page needs no script.
/// </summary>
internal static class ReportPage
{
    /// <summary>Marks the body once the page has loaded: all images decoded or not, and how many.</summary>
    public const string ImageCheckScript = """
        window.addEventListener('load', function () {
          var images = document.images, broken = 0;
          for (var i = 0; i < images.length; i++) {
            if (!images[i].complete || images[i].naturalWidth === 0) broken++;
          }
          document.body.setAttribute('data-image-count', String(images.length));
          document.body.setAttribute('data-images-broken', String(broken));
          document.body.setAttribute('data-images-loaded', broken === 0 ? 'all' : 'failed');
        });
        """;

    public static string Render(ReportContent content, IReadOnlyList<RenderedFigure> figures,
        IReadOnlyList<string> missingFigures, string tablesMarkdown)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append($"<title>{Encode(content.Title)}</title>\n<style>\n{ReportStyles.Css}\n</style>\n")
            .Append($"<script>\n{ImageCheckScript}\n</script>\n</head>\n<body>\n");
        if (content.InterimNotice is { } interim)
            html.Append($"<div class=\"interim-banner\" id=\"interim\"><strong>INTERIM REPORT.</strong> {Encode(interim)}</div>\n");
        html.Append($"<h1>{Encode(content.Title)}</h1>\n");
        var scale = content.Scale;
        html.Append($"<p class=\"scale\">{Encode(scale.Description)} &middot; {scale.Runs} run{Plural(scale.Runs)}, " +
                    $"{scale.Seeds} seed{Plural(scale.Seeds)}</p>\n");
        if (scale.IsDemonstration)
            html.Append("<div class=\"demo-banner\" id=\"demonstration-scale\"><strong>Demonstration scale.</strong> " +
                        $"This report comes from a reduced study ({Encode(scale.Description)}), not the protocol's full " +
                        "five sizes and 100K-200K steps. Its numbers show that the pipeline works end to end; they are not " +
                        "a reproduction of the paper, and agreement or disagreement below is indicative only.</div>\n");

        html.Append("<h2 id=\"summary\">Headline findings beside the paper</h2>\n");
        if (content.InterimNotice is not null)
            html.Append("<p class=\"interim-note\"><strong>Interim:</strong> the agreement marks below compare numbers from unfinished runs " +
                        "with the paper's final values; they are not the study's findings.</p>\n");
        html.Append(SummaryTableHtml.Render(content.Summary));
        foreach (var note in content.Notes) html.Append($"<p class=\"note\">{Encode(note)}</p>\n");

        html.Append("<h2 id=\"figures\">Figures</h2>\n");
        foreach (var figure in figures) AppendFigure(html, figure);
        if (missingFigures.Count > 0)
            html.Append($"<p class=\"missing\">Not drawn (no data given): {Encode(string.Join(", ", missingFigures))}.</p>\n");

        html.Append("<h2 id=\"tables\">Tables</h2>\n");
        html.Append(content.Tables.Count == 0
            ? "<p class=\"missing\">No tables.</p>\n"
            : MarkdownHtml.Convert(tablesMarkdown, headingOffset: 1).Replace($"<h2>{Encode(content.Title)}</h2>\n", ""));

        html.Append("<footer>Figures are also in figures/ as PNG and SVG; tables in tables.md. " +
                    "Figure text is set in DejaVu Sans (Bitstream Vera licence).");
        if (content.GeneratedAt is { } at) html.Append($" Generated {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC.");
        html.Append("</footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendFigure(StringBuilder html, RenderedFigure figure)
    {
        html.Append($"<figure id=\"{Encode(figure.Name)}\">\n<h3>{Encode(figure.Title)}</h3>\n")
            .Append($"<img src=\"data:image/png;base64,{Convert.ToBase64String(figure.Png)}\" width=\"{figure.Width}\" " +
                    $"height=\"{figure.Height}\" alt=\"{Encode(figure.Title)}\">\n")
            .Append($"<figcaption>{Encode(figure.Caption)} <a href=\"figures/{Encode(figure.Name)}.svg\">SVG</a></figcaption>\n")
            .Append("</figure>\n");
    }

    private static string Plural(int count) => count == 1 ? "" : "s";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
