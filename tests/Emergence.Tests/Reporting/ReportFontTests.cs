using Emergence.Reporting.Plotting;
using ScottPlot;

namespace Emergence.Tests.Reporting;

public sealed class ReportFontTests
{
    [Fact]
    public void Embedded_font_is_the_first_resolver_and_serves_regular_and_bold()
    {
        ReportFonts.EnsureRegistered();
        var first = Fonts.FontResolvers[0];
        Assert.Equal("EmbeddedFontResolver", first.GetType().Name);
        using var regular = first.CreateTypeface(ReportFonts.Family, FontWeight.Normal, FontSlant.Upright, FontSpacing.Normal);
        using var bold = first.CreateTypeface(ReportFonts.Family, FontWeight.Bold, FontSlant.Upright, FontSpacing.Normal);
        Assert.NotNull(regular);
        Assert.NotNull(bold);
        Assert.Equal(ReportFonts.Family, regular.FamilyName);
        Assert.True(bold.FontWeight > regular.FontWeight);
        Assert.Null(first.CreateTypeface("Some Other Font", FontWeight.Normal, FontSlant.Upright, FontSpacing.Normal));
    }
}
