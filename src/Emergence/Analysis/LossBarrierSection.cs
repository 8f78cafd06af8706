using System.Globalization;
using System.Text;
using Emergence.Storage;

namespace Emergence.Analysis;

/// <summary>The barrier between two consecutive checkpoints with saved weights.</summary>
public sealed record BarrierSegment(long From, long To, double Barrier, double? Alpha);

/// <summary>A run's loss barriers: largest, median, segments with a barrier above zero, or why there are none.</summary>
public sealed record RunBarriers(string Run, string Model, int Seed, IReadOnlyList<BarrierSegment> Segments,
    double? Max, long? MaxStep, double? Median, int Positive, string Status);

/// <summary>The loss-barrier analysis: every run's barriers and the paper's value.</summary>
public sealed record LossBarrierSection(string Definition, IReadOnlyList<RunBarriers> Runs, PaperValue Paper);

/// <summary>Loss barriers (<see cref="LossBarrier"/>, stored by <c>emergence barriers RUN</c>) summarised per run for results.json and tables.md.</summary>
internal static class LossBarriers
{
    public static readonly PaperValue Paper = new("loss barriers between consecutive checkpoints", "computed for Pythia 160M and 410M only; no value for the algorithmic models", null);

    public static LossBarrierSection Analyze(IReadOnlyList<RunData> runs) => new(
        "Loss barrier between consecutive checkpoints t < u with saved weights: B = max over α of L((1−α) w_t + α w_u) − ((1−α) L(w_t) + α L(w_u)) (Vlaar and Frankle 2022), " +
        "α on a grid of at least 11 points from 0 to 1, L the training loss on a fixed batch of 256 training examples; stored as loss_barrier at step u by `emergence barriers RUN`. " +
        "Per run: largest barrier and its step, median, segments with B > 0.",
        [.. runs.Select(Summarise)], Paper);

    private static RunBarriers Summarise(RunData run)
    {
        var barrier = run.Get(MetricNames.LossBarrier, "", 0, -1);
        if (barrier is null)
            return new(run.Label, run.Model, run.Seed, [], null, null, null, 0, "not computable: no loss_barrier rows (run `emergence barriers RUN` on a run that saved weights at every checkpoint)");
        var from = run.Get(MetricNames.LossBarrierFrom, "", 0, -1);
        var alpha = run.Get(MetricNames.LossBarrierAlpha, "", 0, -1);
        var segments = Enumerable.Range(0, run.Steps.Count).Where(i => !double.IsNaN(barrier[i]))
            .Select(i => new BarrierSegment(from is null || double.IsNaN(from[i]) ? run.Steps[Math.Max(0, i - 1)] : (long)from[i], run.Steps[i], barrier[i],
                alpha is null || double.IsNaN(alpha[i]) ? null : alpha[i])).ToList();
        var top = segments.MaxBy(s => s.Barrier)!;
        return new(run.Label, run.Model, run.Seed, segments, top.Barrier, top.To,
            MathNet.Numerics.Statistics.Statistics.Median(segments.Select(s => s.Barrier)), segments.Count(s => s.Barrier > 0), "computed");
    }

    internal static void Render(StringBuilder md, LossBarrierSection s)
    {
        md.AppendLine("## Loss barriers").AppendLine().AppendLine(s.Definition).AppendLine();
        MarkdownTables.Table(md, ["run", "segments", "largest barrier (at step)", "median", "segments with B > 0", "paper"],
            s.Runs.Select(r => (IEnumerable<string>)[r.Run, r.Segments.Count.ToString(CultureInfo.InvariantCulture),
                r.Max is null ? r.Status : $"{MarkdownTables.F(r.Max, "G4")} (@{r.MaxStep})", MarkdownTables.F(r.Median, "G4"),
                r.Max is null ? "n/c" : $"{r.Positive}/{r.Segments.Count}", MarkdownTables.Paper(s.Paper)]));
    }
}
