using Emergence.Reporting;
using Emergence.Reporting.Figures;
using Emergence.Tasks;
using ScottPlot.Plottables;

namespace Emergence.Tests.Reporting;

public sealed class EmergenceMapFigureTests
{
    private static List<string> CellTexts(FigureSpec figure) =>
        [.. ((ScottPlot.Multiplot)figure.Figure).Subplots.GetPlots().Single().GetPlottables().OfType<Text>().Select(t => t.LabelText)];

    [Fact]
    public void A_cell_of_several_seeds_says_how_many_emerged_when_not_all_did()
    {
        var data = new EmergenceMapData(["nano"],
        [
            new EmergenceCell(new TaskLevel(TaskKind.Add, 1), "nano", 900, Emerged: 2, Runs: 3),
            new EmergenceCell(new TaskLevel(TaskKind.Copy, 1), "nano", 600, Emerged: 3, Runs: 3),
            new EmergenceCell(new TaskLevel(TaskKind.Mul, 3), "nano", null, Emerged: 0, Runs: 3),
        ], 100_000);

        var figure = EmergenceMapFigure.Build(data);
        var texts = CellTexts(figure);

        Assert.Contains("900 (2/3)", texts);
        Assert.Contains("600", texts);
        Assert.Contains("never", texts);
        Assert.Contains("the median step over the seeds in which the task-level emerged", figure.Caption);
    }

    [Fact]
    public void With_one_run_per_size_the_caption_says_nothing_of_seeds()
    {
        var data = new EmergenceMapData(["nano"], [new EmergenceCell(new TaskLevel(TaskKind.Add, 1), "nano", 900)], 3_000);

        var figure = EmergenceMapFigure.Build(data);

        Assert.Contains("900", CellTexts(figure));
        Assert.DoesNotContain("median", figure.Caption);
    }

    [Fact]
    public void Runs_of_different_lengths_are_given_as_a_range_in_the_caption()
    {
        var cell = new EmergenceCell(new TaskLevel(TaskKind.Add, 1), "nano", 900);

        Assert.Contains("Runs were 700 to 26,000 steps long", EmergenceMapFigure.Build(new EmergenceMapData(["nano"], [cell], 26_000, 700)).Caption);
        Assert.Contains("Runs were 3,000 steps long.", EmergenceMapFigure.Build(new EmergenceMapData(["nano"], [cell], 3_000, 3_000)).Caption);
    }
}
