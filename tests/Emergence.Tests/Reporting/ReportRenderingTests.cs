using Emergence.Reporting;
using Emergence.Reporting.Plotting;
using Emergence.Tests.Support;
using SkiaSharp;

namespace Emergence.Tests.Reporting;

/// <summary>One synthetic report written once and shared by the tests that read its files.</summary>
public sealed class WrittenReportFixture : IDisposable
{
    public TempDirectory Directory { get; } = new();
    public ReportContent Content { get; } = SyntheticReport.Build();
    public ReportOutput Output { get; }

    /// <summary>Set to a folder to also keep a copy of the synthetic report there for inspection.</summary>
    public const string KeepVariable = "EMERGENCE_KEEP_REPORT";

    public WrittenReportFixture()
    {
        Output = ReportWriter.Write(Content, Directory.Path);
        if (Environment.GetEnvironmentVariable(KeepVariable) is { Length: > 0 } keep) ReportWriter.Write(Content, keep);
    }

    public void Dispose() => Directory.Dispose();
}

public sealed class ReportRenderingTests(WrittenReportFixture report) : IClassFixture<WrittenReportFixture>
{
    private static readonly string[] ExpectedFigures =
    [
        "fig1_emergence_map", "fig2_rankme_trajectories", "fig3_layer_profiles", "fig4a_normalised_overlay",
        "fig4b_precursor_rates", "fig5a_early_rankme_vs_emergence", "fig5b_concordance",
        "accuracy_nano", "accuracy_micro", "accuracy_small", "fisher_erank_micro", "hessian_top_nano",
    ];

    [Fact]
    public void Every_figure_is_written_as_png_and_svg_with_the_expected_names()
    {
        Assert.Equal(ExpectedFigures, report.Output.Figures.Select(f => f.Name));
        Assert.Empty(report.Output.MissingFigures);
        var files = Directory.GetFiles(Path.Combine(report.Directory.Path, "figures")).Select(Path.GetFileName).Order();
        Assert.Equal(ExpectedFigures.SelectMany(n => new[] { n + ".png", n + ".svg" }).Order(), files);
    }

    [Fact]
    public void Pngs_decode_at_their_stated_size_and_are_not_trivial()
    {
        foreach (var figure in report.Output.Figures)
        {
            using var bitmap = SKBitmap.Decode(figure.PngPath);
            Assert.NotNull(bitmap);
            Assert.Equal((figure.Width, figure.Height), (bitmap.Width, bitmap.Height));
            Assert.True(figure.Width >= 400 && figure.Height >= 300, $"{figure.Name} is only {figure.Width} x {figure.Height}");
            Assert.True(new FileInfo(figure.PngPath).Length > 10_000, $"{figure.Name}.png is suspiciously small");
            int colours = Emergence.Reporting.Browser.HeadlessChromium.DistinctColours(figure.PngPath);
            Assert.True(colours > 20, $"{figure.Name}.png has only {colours} colours");
        }
    }

    [Fact]
    public void Svgs_are_svg_documents_that_name_the_report_font()
    {
        foreach (var figure in report.Output.Figures)
        {
            var svg = File.ReadAllText(figure.SvgPath);
            Assert.Contains("<svg", svg);
            Assert.Contains(ReportFonts.Family, svg);
            Assert.True(svg.Length > 5_000, $"{figure.Name}.svg is suspiciously short");
        }
    }

    [Fact]
    public void Index_embeds_every_figure_as_a_data_uri_and_references_nothing_remote()
    {
        var html = File.ReadAllText(report.Output.IndexPath);
        foreach (var figure in report.Output.Figures)
        {
            var dataUri = "data:image/png;base64," + Convert.ToBase64String(File.ReadAllBytes(figure.PngPath));
            Assert.Contains(dataUri, html);
            Assert.Contains($"id=\"{figure.Name}\"", html);
        }
        Assert.Equal(report.Output.Figures.Count, CountOf(html, "<img "));
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=\"//", html);
    }

    [Fact]
    public void Index_flags_demonstration_scale_and_shows_summary_and_tables()
    {
        var html = File.ReadAllText(report.Output.IndexPath);
        Assert.Contains("id=\"demonstration-scale\"", html);
        Assert.Contains("<table class=\"summary\">", html);
        Assert.Contains("<h3>Collapse floors</h3>", html);
        Assert.Contains("<td>MOD</td><td class=\"num\">2.31</td>", html);
        Assert.Contains("<h3>Emergence steps | nano</h3>", html);
        Assert.Contains("Minimum task RankMe within the first 200 steps.", html);
    }

    [Fact]
    public void Tables_md_holds_every_table_as_markdown()
    {
        var md = File.ReadAllText(report.Output.TablesPath);
        Assert.Contains("## Collapse floors", md);
        Assert.Contains("| task | nano | micro | small | mean | CV |", md);
        Assert.Contains("| MOD | 2.31 | 2.12 | 2.45 | 2.29 | 0.07 |", md);
        Assert.Contains("## Emergence steps | nano", md);
    }

    [Fact]
    public void Full_scale_report_has_no_demonstration_banner_and_lists_missing_figures()
    {
        using var dir = new TempDirectory();
        var content = new ReportContent
        {
            Title = "Full study",
            Scale = new StudyScale(false, "five sizes, 100K-200K steps", 5, 3),
            EmergenceMap = SyntheticReport.Build().EmergenceMap,
        };
        var output = ReportWriter.Write(content, dir.Path);
        var html = File.ReadAllText(output.IndexPath);
        Assert.DoesNotContain("demonstration-scale", html);
        Assert.Single(output.Figures);
        Assert.Contains("figure 5b (concordance)", output.MissingFigures);
        Assert.Contains("Not drawn (no data given)", html);
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal)) count++;
        return count;
    }
}
