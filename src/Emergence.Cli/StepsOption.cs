using System.CommandLine;
using System.Globalization;

namespace Emergence.Cli;

/// <summary>
/// <c>--steps</c> of <c>emergence measure</c>: the checkpoints to measure, as steps and inclusive
/// ranges ("0-300,1000"). Every part must name at least one checkpoint of the run, so a typo is
/// refused rather than measuring nothing.
/// </summary>
internal sealed class StepsOption
{
    public Option<string?> Option { get; } = new("--steps")
    {
        Description = "Checkpoints to measure: steps and inclusive ranges, e.g. 0-300,1000 (default: every checkpoint)",
    };

    /// <summary>The requested ranges, or null when the option is absent; each part checked against the run's checkpoints.</summary>
    public IReadOnlyList<(long From, long To)>? Ranges(ParseResult parse, IReadOnlyCollection<long> checkpoints)
    {
        if (parse.GetValue(Option) is not { } text) return null;
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) throw new ArgumentException($"--steps '{text}' names no step (allowed: steps and ranges, e.g. 0-300,1000).");
        return [.. parts.Select(part =>
        {
            var ends = part.Split('-', 2);
            if (!ends.All(e => long.TryParse(e, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
                throw new ArgumentException($"--steps part '{part}' is not a step or a range of steps (allowed: e.g. 1000 or 0-300).");
            long from = long.Parse(ends[0], CultureInfo.InvariantCulture), to = long.Parse(ends[^1], CultureInfo.InvariantCulture);
            if (from > to) throw new ArgumentException($"--steps range '{part}' ends before it starts.");
            if (!checkpoints.Any(s => from <= s && s <= to))
                throw new ArgumentException($"--steps part '{part}' names no checkpoint of this run (its checkpoints: {checkpoints.Min()} to {checkpoints.Max()}, {checkpoints.Count} in all).");
            return (from, to);
        })];
    }
}
