using Emergence.Reporting;
using Emergence.Tasks;

namespace Emergence.Tests.Reporting;

/// <summary>
/// A deterministic made-up study (three sizes, 5,000 steps) with every figure's data filled in, so
/// the renderer can be exercised without training anything.
/// </summary>
public static class SyntheticReport
{
    public static readonly string[] Sizes = ["nano", "micro", "small"];
    public static readonly int[] Layers = [2, 4, 6];
    public const long MaxStep = 5000;

    public static IReadOnlyList<long> Steps { get; } =
    [
        0, .. Enumerable.Range(1, 10).Select(i => (long)i * 10), .. Enumerable.Range(2, 9).Select(i => (long)i * 100),
        .. Enumerable.Range(1, 5).Select(i => (long)i * 1000),
    ];

    /// <summary>Emergence step of a task-level in a size; null for the few that never emerge.</summary>
    public static long? EmergenceStep(TaskLevel t, int size)
    {
        if (t.Task == TaskKind.Mul && t.Level == 3 && size < 2) return null;
        double baseStep = t.Task.Class() == TaskClass.Easy ? 60 : 500;
        double step = baseStep * Math.Pow(2.2, t.Level - 1) * (1 + 0.15 * (int)t.Task) / (1 + 0.4 * size);
        return step > MaxStep ? null : Steps.First(s => s >= step);
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private static double Accuracy(long step, long? emergence) =>
        emergence is { } e ? Sigmoid((Math.Log10(Math.Max(step, 1)) - Math.Log10(e)) * 8) : 0.02;

    private static double TaskRankMe(TaskKind task, long step, int size)
    {
        double floor = 2 + (int)task * 0.6, start = 30 + 10 * size;
        double collapse = start - (start - floor) * Math.Min(1, step / 150.0);
        double recovery = step > 150 ? (12 + 4 * size) * (1 - Math.Exp(-(step - 150) / 1500.0)) : 0;
        return collapse + recovery;
    }

    public static ReportContent Build(bool demonstration = true)
    {
        var levels = TaskLevel.All;
        var hard = TaskKinds.All.Where(t => t.Class() == TaskClass.Hard).ToList();
        var cells = levels.SelectMany(t => Sizes.Select((s, i) => new EmergenceCell(t, s, EmergenceStep(t, i)))).ToList();
        return new ReportContent
        {
            Title = "Emergence study: synthetic check",
            Scale = new StudyScale(demonstration, "nano, micro and small, 5,000 steps, seed 0", Runs: 3, Seeds: 1),
            Summary =
            [
                new SummaryRow(PaperClaims.EmergenceEvents, cells.Count(c => c.Step is not null) / (double)cells.Count, 3, 1,
                    $"{cells.Count(c => c.Step is not null)} of {cells.Count}"),
                new SummaryRow(PaperClaims.ModFloor, 2.3, 3, 1),
                new SummaryRow(PaperClaims.ModFloorCv, 0.31, 3, 1),
                new SummaryRow(PaperClaims.TopDown, 6.0 / 8, 2, 1, "6 of 8"),
                new SummaryRow(PaperClaims.RankMePrecursorNano, 0.88, 1, 1, "7 of 8 tasks"),
                new SummaryRow(PaperClaims.LlcPrecursor, null, 0, 0),
                new SummaryRow(PaperClaims.ConcordanceCrossClass, 0.91, 3, 1),
            ],
            EmergenceMap = new EmergenceMapData(Sizes, cells, MaxStep),
            HardTaskRankMe = [.. Sizes.Select((s, i) => new SizeTrajectories(s,
                [.. hard.Select(t => new TrajectorySeries(t.Name(), Steps, [.. Steps.Select(st => TaskRankMe(t, st, i))]))]))],
            LayerProfiles = [.. TaskKinds.All.Take(4).SelectMany(t => Sizes.Select((s, i) => new LayerProfile(t.Name(), s,
                [.. Enumerable.Range(1, Layers[i]).Select(l => 30.0 - l * 22.0 / Layers[i] + (int)t)],
                [.. Enumerable.Range(1, Layers[i]).Select(l => 34.0 - l * 6.0 / Layers[i] + (int)t)])))],
            CaseStudy = new NormalisedOverlay("ADD_L2", "micro",
            [
                new TrajectorySeries("accuracy", Steps, [.. Steps.Select(s => Accuracy(s, EmergenceStep(new TaskLevel(TaskKind.Add, 2), 1)))]),
                new TrajectorySeries("RankMe", Steps, [.. Steps.Select(s => TaskRankMe(TaskKind.Add, s, 1))]),
                new TrajectorySeries("LLC", Steps, [.. Steps.Select(s => 5 + 40 * (1 - Math.Exp(-s / 800.0)))]),
            ], EmergenceStep(new TaskLevel(TaskKind.Add, 2), 1)),
            PrecursorRates = new PrecursorRates(
            [
                new PrecursorRate("RankMe", "all", 20, 24, 0.24), new PrecursorRate("RankMe", "hard", 11, 12, 0.20),
                new PrecursorRate("Fisher", "all", 15, 24, 0.26), new PrecursorRate("Fisher", "hard", 7, 12, 0.25),
                new PrecursorRate("grad-cov", "all", 12, 24, 0.25), new PrecursorRate("grad-cov", "hard", 6, 12, 0.24),
                new PrecursorRate("Hessian", "all", 4, 24, 0.50), new PrecursorRate("Hessian", "hard", 2, 12, 0.53),
                new PrecursorRate("LLC", "all", 0, 24, 0.44), new PrecursorRate("LLC", "hard", 0, 12, 0.44),
            ]),
            EarlyRankMe = new ScatterPoints(
                [.. levels.SelectMany(t => Sizes.Select((s, i) => (t, s, i)))
                    .Where(x => EmergenceStep(x.t, x.i) is not null)
                    .Select(x => new ScatterPoint(x.t.Name, TaskRankMe(x.t.Task, 150, x.i) + x.t.Level * 0.3,
                        EmergenceStep(x.t, x.i)!.Value, x.t.Task.Class(), x.s))],
                new Dictionary<string, double> { ["nano"] = 0.71, ["micro"] = 0.66, ["small"] = 0.80 }),
            Concordance = new ConcordanceBars(
            [
                new ConcordanceBar("cross-class", "this study", 0.91, 48), new ConcordanceBar("cross-class", "paper v1", 0.88, 0),
                new ConcordanceBar("within-hard", "this study", 0.67, 18), new ConcordanceBar("within-hard", "paper v1", 0.78, 0),
                new ConcordanceBar("within-easy", "this study", 0.39, 18), new ConcordanceBar("within-easy", "paper v1", 0.27, 0),
            ]),
            AccuracyCurves = [.. Sizes.Select((s, i) => new AccuracyCurves(s,
                [.. levels.Select(t => new TaskLevelCurve(t, Steps, [.. Steps.Select(st => Accuracy(st, EmergenceStep(t, i)))], EmergenceStep(t, i)))]))],
            MetricTrajectories =
            [
                new MetricTrajectory("fisher_erank_micro", "Fisher effective rank, micro", "Fisher effective rank",
                    [.. hard.Select(t => new TrajectorySeries(t.Name(), Steps, [.. Steps.Select(s => 3 + (int)t + 10 * Math.Exp(-s / 300.0))]))],
                    ShadeUntilStep: 200),
                new MetricTrajectory("hessian_top_nano", "Top Hessian eigenvalue, nano", "lambda_1",
                    [new TrajectorySeries("lambda_1", Steps, [.. Steps.Select(s => 0.5 + 200 * Math.Exp(-s / 500.0))])], LogY: true),
            ],
            Tables =
            [
                new ReportTable("Collapse floors", ["task", "nano", "micro", "small", "mean", "CV"],
                [
                    ["MOD", "2.31", "2.12", "2.45", "2.29", "0.07"],
                    ["ADD", "3.80", "4.20", "3.10", "3.70", "0.15"],
                ], "Minimum task RankMe within the first 200 steps."),
                new ReportTable("Emergence steps | nano", ["task-level", "step"], [["ADD_L1", "500"], ["MUL_L3", "never"]]),
            ],
            Notes = ["Synthetic data: every value on this page is made up to exercise the renderer."],
            GeneratedAt = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero),
        };
    }
}
