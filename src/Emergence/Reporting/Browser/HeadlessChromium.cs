using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using SkiaSharp;

namespace Emergence.Reporting.Browser;

/// <summary>
/// Opens a report page in headless Chromium (Debian's <c>chromium</c> package) with network use
/// disabled and a fresh profile: <c>--dump-dom</c> after a virtual-time budget reads the marks the
/// page's load script sets on &lt;body&gt; (every image decoded?), and <c>--screenshot</c> takes a
/// PNG that must not be a single colour.
/// </summary>
internal static partial class HeadlessChromium
{
    /// <summary>Environment variable naming the browser binary, overriding the search.</summary>
    public const string PathVariable = "EMERGENCE_CHROMIUM";

    private static readonly string[] Candidates = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

    /// <summary>The Chromium binary to use, or null when none is installed.</summary>
    public static string? Find()
    {
        var configured = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrEmpty(configured)) return File.Exists(configured) ? configured : null;
        if (File.Exists("/usr/bin/chromium")) return "/usr/bin/chromium";
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            foreach (var name in Candidates)
                if (File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        return null;
    }

    /// <summary>Loads <paramref name="htmlPath"/> twice (DOM dump, screenshot) and reports what it saw.</summary>
    /// <exception cref="InvalidOperationException">No Chromium, or it failed or timed out.</exception>
    public static BrowserCheckResult Check(string htmlPath, string screenshotPath, string? chromiumPath = null,
        int windowWidth = 1200, int windowHeight = 1600, TimeSpan? timeout = null)
    {
        var browser = chromiumPath ?? Find() ?? throw new InvalidOperationException(
            $"Chromium was not found (install Debian's 'chromium' package, or set {PathVariable}).");
        var url = new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri;
        var limit = timeout ?? TimeSpan.FromSeconds(90);
        var log = new StringBuilder();

        var dom = Run(browser, ["--virtual-time-budget=5000", "--dump-dom", url], limit, log);
        var body = BodyTag().Match(dom);
        bool marked = body.Success && body.Value.Contains("data-images-loaded=", StringComparison.Ordinal);
        int count = body.Success ? Attribute(body.Value, "data-image-count") : 0;
        int broken = body.Success ? Attribute(body.Value, "data-images-broken") : 0;

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(screenshotPath))!);
        if (File.Exists(screenshotPath)) File.Delete(screenshotPath);
        Run(browser, [$"--screenshot={Path.GetFullPath(screenshotPath)}", $"--window-size={windowWidth},{windowHeight}",
            "--hide-scrollbars", "--virtual-time-budget=5000", url], limit, log);
        if (!File.Exists(screenshotPath))
            throw new InvalidOperationException($"Chromium wrote no screenshot to {screenshotPath}. Output:\n{log}");
        return new BrowserCheckResult(marked, count, broken, screenshotPath, DistinctColours(screenshotPath), log.ToString());
    }

    /// <summary>Distinct colours of a PNG, counting up to 4,096.</summary>
    public static int DistinctColours(string pngPath)
    {
        using var bitmap = SKBitmap.Decode(pngPath)
            ?? throw new InvalidOperationException($"{pngPath} is not a decodable image.");
        var seen = new HashSet<uint>();
        for (int y = 0; y < bitmap.Height; y++)
            for (int x = 0; x < bitmap.Width; x++)
            {
                seen.Add((uint)bitmap.GetPixel(x, y));
                if (seen.Count >= 4096) return seen.Count;
            }
        return seen.Count;
    }

    /// <summary>Runs Chromium with the no-network flags and a fresh profile; returns its standard output.</summary>
    private static string Run(string browser, IEnumerable<string> arguments, TimeSpan limit, StringBuilder log)
    {
        var profile = Directory.CreateTempSubdirectory("emergence-chromium-").FullName;
        try
        {
            var info = new ProcessStartInfo(browser)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var flag in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--mute-audio",
                         $"--user-data-dir={profile}",
                     })
                info.ArgumentList.Add(flag);
            foreach (var argument in arguments) info.ArgumentList.Add(argument);

            using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {browser}.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(limit))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                throw new InvalidOperationException($"Chromium did not finish within {limit.TotalSeconds:0} s. Output:\n{stderr.Result}");
            }
            log.Append(stderr.Result);
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"Chromium exited with code {process.ExitCode}. Output:\n{stderr.Result}");
            return stdout.Result;
        }
        finally
        {
            try { Directory.Delete(profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static int Attribute(string tag, string name)
    {
        var match = Regex.Match(tag, name + "=\"([0-9]+)\"");
        return match.Success ? int.Parse(match.Groups[1].Value) : 0;
    }

    [GeneratedRegex("<body[^>]*>")] private static partial Regex BodyTag();
}
