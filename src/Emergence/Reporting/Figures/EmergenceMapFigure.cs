using Emergence.Reporting.Plotting;
using Emergence.Tasks;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Emergence.Reporting.Figures;

/// <summary>
/// Figure 1: emergence map. Rows are the 24 task-levels (easy above, hard below, a gap between),
/// columns the sizes; colour is log10 of the emergence step; never-emerged cells are grey and
/// hatched with "never"; cells with no run are white with a dash.
/// </summary>
internal static class EmergenceMapFigure
{
    public const string Name = "fig1_emergence_map";

    public static FigureSpec Build(EmergenceMapData data)
    {
        var plot = FigureStyle.NewPlot("Emergence step by task-level and size", "model size", null);
        var cells = data.Cells.ToDictionary(c => (c.TaskLevel, c.Size));
        var rows = RowLayout();
        var emerged = data.Cells.Where(c => c.Step is > 0).Select(c => Math.Log10(c.Step!.Value)).ToList();
        double min = emerged.Count > 0 ? Math.Floor(emerged.Min() * 2) / 2 : 1;
        double max = data.MaxStep is > 0 ? Math.Log10(data.MaxStep.Value) : emerged.Count > 0 ? Math.Ceiling(emerged.Max() * 2) / 2 : 5;
        if (max <= min) max = min + 1;
        var scale = new ColorScale(new ScottPlot.Colormaps.Viridis(), min, max);

        for (int col = 0; col < data.Sizes.Count; col++)
        {
            foreach (var (taskLevel, y) in rows)
            {
                var rect = plot.Add.Rectangle(col - 0.5, col + 0.5, y - 0.5, y + 0.5);
                rect.LineColor = Colors.White;
                rect.LineWidth = 1.5f;
                string text;
                Color textColor;
                if (!cells.TryGetValue((taskLevel, data.Sizes[col]), out var cell))
                {
                    rect.FillColor = Colors.White;
                    text = "-";
                    textColor = Colors.Gray;
                }
                else if (cell.Step is not { } step)
                {
                    rect.FillColor = FigureStyle.Missing;
                    rect.FillHatch = new ScottPlot.Hatches.Striped();
                    rect.FillHatchColor = Color.FromHex("#bdbdbd");
                    text = "never";
                    textColor = Colors.Black;
                }
                else
                {
                    double value = Math.Log10(Math.Max(step, 1));
                    rect.FillColor = scale.ColorOf(value);
                    text = LogAxis.Label(step) + (cell.Emerged < cell.Runs ? $" ({cell.Emerged}/{cell.Runs})" : "");
                    textColor = (value - min) / (max - min) > 0.55 ? Colors.Black : Colors.White;
                }
                var label = plot.Add.Text(text, col, y);
                label.Alignment = Alignment.MiddleCenter;
                label.LabelFontSize = 10;
                label.LabelFontColor = textColor;
                label.LabelFontName = ReportFonts.Family;
            }
        }

        var separator = plot.Add.HorizontalLine(12, 1.5f, Colors.Black, LinePattern.Dashed);
        separator.LegendText = "";
        var bar = plot.Add.ColorBar(scale, Edge.Right);
        bar.Label = "log10 emergence step";
        bar.LabelStyle.FontName = ReportFonts.Family;

        plot.Axes.Bottom.TickGenerator = new NumericManual(
            [.. Enumerable.Range(0, data.Sizes.Count).Select(i => (double)i)], [.. data.Sizes]);
        plot.Axes.Left.TickGenerator = new NumericManual(
            [.. rows.Select(r => (double)r.Y)], [.. rows.Select(r => r.TaskLevel.Name.Replace('_', ' '))]);
        plot.YLabel("hard tasks (below the line) | easy tasks (above)", 12);
        plot.Axes.SetLimits(-0.5, data.Sizes.Count - 0.5, -0.5, 24.5);
        plot.Grid.IsVisible = false;

        int width = 260 + 110 * Math.Max(data.Sizes.Count, 1);
        string steps = data.MaxStep is not { } m ? ""
            : data.MinStep is { } shortest && shortest < m
                ? $" Runs were {shortest:N0} to {m:N0} steps long: a task-level that has not emerged in a shorter run may still emerge in it."
                : $" Runs were {m:N0} steps long.";
        string seeds = data.Cells.Any(c => c.Runs > 1)
            ? " With several seeds of a size, a cell is the median step over the seeds in which the task-level emerged " +
              "(the lower middle value for an even count), followed by (emerged/seeds) when it did not emerge in every seed; " +
              "each seed's step is in the tables."
            : "";
        return new FigureSpec(Name, "Figure 1. Emergence map",
            "Emergence step (first checkpoint from which accuracy > threshold holds for the required run of checkpoints) " +
            "of every task-level in every model size; colour is log10 of the step, the cell text the step itself. " +
            "Easy tasks (COPY, REV, CMP, PAR) are above the dashed line, hard tasks (ADD, MOD, SORT, MUL) below. " +
            "Grey hatched cells marked \"never\" did not emerge; cells marked \"-\" were not run." + seeds + steps,
            width, 820, new Multiplot(plot));
    }

    /// <summary>Y position of each task-level: hard tasks at 0-11 (MUL L3 lowest), easy at 13-24.</summary>
    private static List<(TaskLevel TaskLevel, int Y)> RowLayout()
    {
        var rows = new List<(TaskLevel, int)>();
        var hard = TaskLevel.All.Where(t => t.Task.Class() == TaskClass.Hard).ToList();
        var easy = TaskLevel.All.Where(t => t.Task.Class() == TaskClass.Easy).ToList();
        for (int i = 0; i < hard.Count; i++) rows.Add((hard[i], hard.Count - 1 - i));
        for (int i = 0; i < easy.Count; i++) rows.Add((easy[i], hard.Count + 1 + easy.Count - 1 - i));
        return rows;
    }
}
