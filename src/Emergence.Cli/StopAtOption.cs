using System.CommandLine;
using System.Globalization;

namespace Emergence.Cli;

/// <summary>
/// <c>--stop-at STEP</c> of <c>train</c> and <c>study</c>: stop each run after its first checkpoint at or
/// after STEP, keeping the run's configured length and schedule (a later run without the option continues
/// it as if it had not stopped). For a budget of compute, or a run wanted only to part of its length.
/// </summary>
internal static class StopAtOption
{
    public const string Name = "--stop-at";

    public static Option<long?> Create() => new(Name)
    {
        Description = "Stop each run after its first checkpoint at or after this step (the run keeps its length and schedule; continue later without this option)",
    };

    /// <summary>The option's value, checked: a step of at least 1, or null when not given.</summary>
    public static long? Value(ParseResult parse, Option<long?> option) =>
        parse.GetValue(option) is long step ? OptionLimits.InRange(Name, step, 1, OptionLimits.MaxSteps) : null;

    /// <summary>The line printed when runs stopped at the step asked for.</summary>
    public static string Stopped(long step, string continueWith) =>
        $"stopped at the first checkpoint at or after step {step.ToString("N0", CultureInfo.InvariantCulture)}, as {Name} asked; {continueWith}";
}
