namespace Emergence.Reporting.Browser;

/// <summary>What headless Chromium saw of a report page.</summary>
/// <param name="ImagesMarked">The page's load script ran and marked the body (script and page loaded).</param>
/// <param name="ImageCount">&lt;img&gt; elements on the page.</param>
/// <param name="BrokenImages">Images that did not decode (naturalWidth 0).</param>
/// <param name="ScreenshotPath">PNG screenshot of the top of the page.</param>
/// <param name="ScreenshotColours">Distinct colours in the screenshot (capped at 4,096); 1 means blank.</param>
/// <param name="Log">Chromium's output, for diagnosis.</param>
internal sealed record BrowserCheckResult(bool ImagesMarked, int ImageCount, int BrokenImages, string ScreenshotPath,
    int ScreenshotColours, string Log)
{
    /// <summary>Every image decoded (and there was at least one).</summary>
    public bool AllImagesLoaded => ImagesMarked && ImageCount > 0 && BrokenImages == 0;

    /// <summary>The screenshot is not a single colour.</summary>
    public bool ScreenshotNonBlank => ScreenshotColours > 1;

    public bool Passed => AllImagesLoaded && ScreenshotNonBlank;
}
