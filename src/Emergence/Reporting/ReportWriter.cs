using System.Text;
using Emergence.Reporting.Figures;
using Emergence.Reporting.Html;
using Emergence.Reporting.Plotting;

namespace Emergence.Reporting;

/// <summary>Where a written report's files are.</summary>
/// <param name="IndexPath">The self-contained page.</param>
/// <param name="TablesPath">tables.md.</param>
/// <param name="Figures">Each figure's PNG and SVG paths, in page order.</param>
/// <param name="MissingFigures">Standard figures left out because their data was not given.</param>
public sealed record ReportOutput(string IndexPath, string TablesPath, IReadOnlyList<WrittenFigure> Figures, IReadOnlyList<string> MissingFigures);

/// <summary>One figure's files and pixel size.</summary>
public sealed record WrittenFigure(string Name, string PngPath, string SvgPath, int Width, int Height);

/// <summary>
/// Writes a report folder: <c>index.html</c> (self-contained), <c>figures/*.png</c>, <c>figures/*.svg</c>
/// and <c>tables.md</c>. Existing files of the same names are replaced; other files are left alone.
/// </summary>
internal static class ReportWriter
{
    public static ReportOutput Write(ReportContent content, string reportDirectory)
    {
        ArgumentNullException.ThrowIfNull(content);
        ReportFonts.EnsureRegistered();
        var figuresDirectory = Path.Combine(reportDirectory, "figures");
        Directory.CreateDirectory(figuresDirectory);

        var (specs, missing) = ReportFigures.Build(content);
        var rendered = new List<RenderedFigure>();
        var written = new List<WrittenFigure>();
        foreach (var spec in specs)
        {
            var figure = Render(spec);
            var png = Path.Combine(figuresDirectory, spec.Name + ".png");
            var svg = Path.Combine(figuresDirectory, spec.Name + ".svg");
            File.WriteAllBytes(png, figure.Png);
            File.WriteAllText(svg, figure.Svg, new UTF8Encoding(false));
            rendered.Add(figure);
            written.Add(new WrittenFigure(spec.Name, png, svg, spec.Width, spec.Height));
        }

        var tablesMarkdown = MarkdownTables.Render(content.Title, content.Tables, content.InterimNotice)
            + (content.AnalysisMarkdown is { } extra ? "\n" + extra : "");
        var tablesPath = Path.Combine(reportDirectory, "tables.md");
        File.WriteAllText(tablesPath, tablesMarkdown, new UTF8Encoding(false));

        var indexPath = Path.Combine(reportDirectory, "index.html");
        File.WriteAllText(indexPath, ReportPage.Render(content, rendered, missing, tablesMarkdown), new UTF8Encoding(false));
        return new ReportOutput(indexPath, tablesPath, written, missing);
    }

    /// <summary>Renders one figure spec to PNG and SVG in memory.</summary>
    public static RenderedFigure Render(FigureSpec spec) =>
        new(spec.Name, spec.Title, spec.Caption, spec.Width, spec.Height,
            FigureRenderer.Png(spec.Figure, spec.Width, spec.Height),
            FigureRenderer.Svg(spec.Figure, spec.Width, spec.Height));
}
