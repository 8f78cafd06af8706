using Emergence.Reporting;
using Emergence.Reporting.Figures;
using ScottPlot.Plottables;

namespace Emergence.Tests.Reporting;

public sealed class PrecursorRateFigureTests
{
    private static readonly PrecursorRates Rates = new(
    [
        new PrecursorRate("rankme", "all", 30, 72, 0.24),
        new PrecursorRate("hessian_eig", "all", 20, 48, 0.50),
        new PrecursorRate("llc", "all", 13, 48, null),
    ]);

    [Fact]
    public void Each_bar_carries_a_mark_at_its_own_null_rate()
    {
        var plot = ((ScottPlot.Multiplot)PrecursorRateFigure.Build(Rates).Figure).Subplots.GetPlots().Single();
        var marks = plot.GetPlottables().OfType<LinePlot>().Select(l => (l.Start.X, l.End.X, l.Start.Y, l.End.Y)).OrderBy(m => m.Item1).ToList();

        Assert.Equal(2, marks.Count); // the bar without a null rate has no mark
        Assert.Equal(24.0, marks[0].Item3, 9);
        Assert.Equal(24.0, marks[0].Item4, 9);
        Assert.Equal(50.0, marks[1].Item3, 9);
        // Each mark lies across its own bar: category 0 and 1, one group, so centred on 0 and 1.
        Assert.Equal(0.0, (marks[0].Item1 + marks[0].Item2) / 2, 9);
        Assert.Equal(1.0, (marks[1].Item1 + marks[1].Item2) / 2, 9);
    }

    [Fact]
    public void The_caption_gives_the_range_of_the_null_rates_instead_of_one_chance_line()
    {
        var caption = PrecursorRateFigure.Build(Rates).Caption;

        Assert.Contains("(24% to 50% here", caption);
        Assert.DoesNotContain("dashed line", caption);
    }

    [Fact]
    public void Without_null_rates_the_caption_says_nothing_of_them()
    {
        var caption = PrecursorRateFigure.Build(new PrecursorRates([new PrecursorRate("rankme", "all", 3, 8)])).Caption;

        Assert.DoesNotContain("null rate", caption);
    }
}
