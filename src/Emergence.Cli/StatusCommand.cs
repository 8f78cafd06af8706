using System.CommandLine;
using System.Globalization;
using Emergence.Study;

namespace Emergence.Cli;

/// <summary>
/// <c>emergence status DIR</c>: where each run of a run or study folder stands (step, rate, ETA,
/// accuracy, emergence, latest measures), read without disturbing a training process writing it;
/// <c>--cost</c> adds each run's cost by part (<see cref="CostTable"/>).
/// </summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("dir") { Description = "A run folder (holding run.db) or a study folder (holding study.json)" };
        var cost = new Option<bool>("--cost") { Description = "Also print each run's cost by part (training steps, checkpoint overhead, each measure): per unit, remaining, and the whole run as configured and with every measure at every checkpoint" };
        var command = new Command("status", "Where each run stands: step, steps/s, ETA, accuracy, emerged task-levels, latest measures (read-only, safe while training)") { dir, cost };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var now = DateTime.UtcNow;
            foreach (var run in RunStatus.OfFolder(OptionLimits.Folder("dir", parse.GetValue(dir))))
            {
                foreach (var line in Describe(run, now)) Console.WriteLine(line);
                if (parse.GetValue(cost) && run.Cost is { } projection)
                    foreach (var line in CostTable.Describe(projection)) Console.WriteLine(line);
            }
            return 0;
        }));
        return command;
    }

    /// <summary>The lines printed for one run.</summary>
    public static IEnumerable<string> Describe(RunStatus run, DateTime now)
    {
        if (run.Step is not long step)
        {
            var begun = run.CreatedAt is DateTime created ? $"no checkpoint committed yet (run created {Duration(now - created)} ago)" : "not started";
            yield return $"{run.Name}: {begun}, {run.Steps:N0} steps" + (run.Diverged is { } d ? $"; {d}" : "");
            yield break;
        }
        var progress = $"step {step:N0} of {run.Steps:N0} ({Percent((double)step / run.Steps)})";
        var rate = run.StepsPerSecond is double r ? $", {r.ToString("0.00", CultureInfo.InvariantCulture)} steps/s" : "";
        var eta = run.Diverged is { } diverged ? $"; {diverged}"
            : step >= run.Steps ? "; complete"
            : run.Remaining is { } left ? $", ETA {Duration(left.Known)}" + (left.Unknown.Count > 0 ? $" + {string.Join(", ", left.Unknown)} (not measured yet)" : "") : "";
        var age = run.LastCheckpointAt is DateTime at ? $" (last checkpoint committed {Duration(now - at)} ago)" : "";
        yield return $"{run.Name}: {progress}{rate}{eta}{age}";
        yield return run.MeanAccuracy is double mean
            ? $"  accuracy at step {step:N0}: mean {Percent(mean)} over {run.TaskLevels} task-levels; {run.Emerged} of {run.TaskLevels} emerged"
            : "  accuracy: none stored";
        yield return run.LastMeasures.Count == 0
            ? "  measures: none stored"
            : "  measures: " + string.Join("; ", run.LastMeasures.GroupBy(m => m.Step).OrderByDescending(g => g.Key)
                .Select(g => $"{Families(g.Select(m => m.Name))} at step {g.Key:N0}"));
    }

    /// <summary>Metric names, a family of three or more sharing the part before the first '_' shown as <c>llc* (24)</c>.</summary>
    private static string Families(IEnumerable<string> names) =>
        string.Join(", ", names.GroupBy(n => n.Split('_')[0]).Select(f => f.Count() >= 3 ? $"{f.Key}* ({f.Count()})" : string.Join(", ", f)));

    private static string Percent(double fraction) => (100 * fraction).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>A time range as "5h 10m", or "1h 10m to 15h 00m" when its ends differ.</summary>
    internal static string Duration(SecondsRange range) =>
        range.IsExact ? Duration(Rounded(range.Low)) : $"{Duration(Rounded(range.Low))} to {Duration(Rounded(range.High))}";

    private static TimeSpan Rounded(double seconds) => TimeSpan.FromSeconds(Math.Round(seconds));

    /// <summary>A duration as "5h 10m", "3m 05s" or "42s".</summary>
    internal static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero) span = TimeSpan.Zero;
        return span.TotalHours >= 1 ? $"{(int)span.TotalHours}h {span.Minutes:D2}m"
            : span.TotalMinutes >= 1 ? $"{span.Minutes}m {span.Seconds:D2}s"
            : $"{span.Seconds}s";
    }
}
