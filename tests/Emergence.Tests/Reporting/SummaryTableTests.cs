using Emergence.Reporting;
using Emergence.Reporting.Html;

namespace Emergence.Tests.Reporting;

public sealed class SummaryTableTests
{
    [Theory]
    [InlineData(2.12, Agreement.Agree)]       // the paper's own value
    [InlineData(2.46, Agreement.Agree)]       // 2.12 + 2 x 0.17, inclusive
    [InlineData(2.47, Agreement.Disagree)]
    [InlineData(1.77, Agreement.Disagree)]
    [InlineData(double.NaN, Agreement.NotMeasured)]
    public void Mod_floor_is_judged_within_two_standard_deviations(double measured, Agreement expected) =>
        Assert.Equal(expected, new SummaryRow(PaperClaims.ModFloor, measured, 5, 1).Agreement);

    [Theory]
    [InlineData(1.0, Agreement.Agree)]
    [InlineData(0.875, Agreement.Agree)]      // 28/32, the v3 value
    [InlineData(0.84, Agreement.Disagree)]
    public void Top_down_consistency_accepts_v1_and_v3(double measured, Agreement expected) =>
        Assert.Equal(expected, PaperClaims.TopDown.Judge(measured));

    [Theory]
    [InlineData(-0.6, Agreement.Agree)]
    [InlineData(-0.3, Agreement.Disagree)]
    [InlineData(-0.9, Agreement.Disagree)]
    public void Pythia_collapse_must_fall_by_half_to_three_quarters(double measured, Agreement expected) =>
        Assert.Equal(expected, PaperClaims.PythiaCollapse.Judge(measured));

    [Fact]
    public void Missing_value_is_not_measured() =>
        Assert.Equal(Agreement.NotMeasured, new SummaryRow(PaperClaims.LlcPrecursor, null, 0, 0).Agreement);

    [Fact]
    public void Table_marks_each_row_and_shows_runs_and_seeds()
    {
        var rows = new[]
        {
            new SummaryRow(PaperClaims.RankMePrecursorNano, 0.88, 2, 2, "7 of 8 tasks"),
            new SummaryRow(PaperClaims.ConcordanceWithinEasy, 0.95, 3, 1),
            new SummaryRow(PaperClaims.SwapTest, null, 0, 0),
        };
        var html = SummaryTableHtml.Render(rows);
        Assert.Contains("<tr class=\"agree\" data-claim=\"rankme-precursor-nano\"><td>RankMe precursor rate, nano</td>" +
                        "<td>86%, median lead ~700 steps</td><td>88% (7 of 8 tasks)</td><td class=\"mark\">\u2713 agrees</td>", html);
        Assert.Contains("<td class=\"num\">2</td><td class=\"num\">2</td></tr>", html);
        Assert.Contains("<tr class=\"disagree\" data-claim=\"concordance-easy\">", html);
        Assert.Contains("<td>95%</td><td class=\"mark\">\u2717 disagrees</td>", html);
        Assert.Contains("<tr class=\"not-measured\" data-claim=\"swap-test\">", html);
        Assert.Contains("<td>not measured</td>", html);
        Assert.Contains("1 of 2 measured findings agree with the paper (1 not measured).", html);
    }

    [Fact]
    public void Every_paper_claim_accepts_a_non_empty_interval_and_has_a_unique_id()
    {
        Assert.All(PaperClaims.All, c => Assert.True(c.AcceptLow <= c.AcceptHigh, c.Id));
        Assert.Equal(PaperClaims.All.Count, PaperClaims.All.Select(c => c.Id).Distinct().Count());
    }
}
