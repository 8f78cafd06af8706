using Emergence.Reporting.Browser;
using Emergence.Tests.Support;

namespace Emergence.Tests.Reporting;

[Trait(Category.Name, Category.Slow)]
public sealed class BrowserCheckTests(WrittenReportFixture report) : IClassFixture<WrittenReportFixture>
{
    [ChromiumFact]
    public void Headless_chromium_loads_every_image_and_renders_a_non_blank_page()
    {
        var screenshot = report.Directory.Combine("screenshot.png");
        var result = HeadlessChromium.Check(report.Output.IndexPath, screenshot);
        Assert.True(result.ImagesMarked, "The page's load script did not mark <body>. Chromium said:\n" + result.Log);
        Assert.Equal(report.Output.Figures.Count, result.ImageCount);
        Assert.Equal(0, result.BrokenImages);
        Assert.True(result.ScreenshotNonBlank, $"The screenshot has {result.ScreenshotColours} colour(s).");
        Assert.True(result.Passed);
    }

    [ChromiumFact]
    public void A_broken_image_is_reported()
    {
        using var dir = new TempDirectory();
        var page = dir.Combine("broken.html");
        File.WriteAllText(page, "<!DOCTYPE html><html><head><script>" + Emergence.Reporting.Html.ReportPage.ImageCheckScript +
                                "</script></head><body><h1>Broken</h1><img src=\"data:image/png;base64,AAAA\" alt=\"x\"></body></html>");
        var result = HeadlessChromium.Check(page, dir.Combine("broken.png"), windowWidth: 400, windowHeight: 300);
        Assert.True(result.ImagesMarked);
        Assert.Equal(1, result.ImageCount);
        Assert.Equal(1, result.BrokenImages);
        Assert.False(result.AllImagesLoaded);
    }

    [Fact]
    public void A_single_colour_image_counts_as_blank()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("blank.png");
        using (var bitmap = new SkiaSharp.SKBitmap(50, 40))
        {
            bitmap.Erase(SkiaSharp.SKColors.White);
            using var data = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(path, data.ToArray());
        }
        Assert.Equal(1, HeadlessChromium.DistinctColours(path));
    }
}
