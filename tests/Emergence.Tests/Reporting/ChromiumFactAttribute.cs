using Emergence.Reporting.Browser;

namespace Emergence.Tests.Reporting;

/// <summary>
/// A fact that needs headless Chromium. Without Chromium it is skipped with a message on a
/// developer's machine, but runs (and fails) under CI=true, where .ci/install-chromium.sh installs it.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        bool ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (HeadlessChromium.Find() is null && !ci)
            Skip = "Chromium is not installed (apt-get install chromium, or run .ci/install-chromium.sh); " +
                   "under CI=true this test runs and fails instead.";
    }
}
