using System.CommandLine;
using System.CommandLine.Parsing;
using Emergence.Storage;

namespace Emergence.Cli;

/// <summary>
/// Turns expected failures into one line on stderr and exit code 2: bad option values found
/// while parsing (not a number, too large for its type, unknown option, missing option) and
/// everything refused later (bad values, folders that do not fit, stores that cannot be read).
/// </summary>
public static class CliErrors
{
    public const int BadInput = 2;
    public const int Diverged = 3;
    /// <summary>Stopped on request (Ctrl+C or SIGTERM, <see cref="StopRequest"/>); rerunning continues from the last checkpoint.</summary>
    public const int Stopped = 130;

    public static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Emergence.Training.TrainingDivergedException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return Diverged;
        }
        catch (Exception e) when (e is ArgumentException or StoreException or FormatException or IOException or UnauthorizedAccessException
                                   or Microsoft.Data.Sqlite.SqliteException)
        {
            return Fail(e.Message);
        }
    }

    /// <summary>Parses and runs; a parse error is reported like any other bad input, without the help text.</summary>
    public static int ParseAndInvoke(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count == 0 || args.Length == 0) return parse.Invoke();
        return Fail(Describe(parse.Errors[0]) + $" (see {parse.CommandResult.Command.Name} --help)");
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {string.Join(' ', message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))}");
        return BadInput;
    }

    private static string Describe(ParseError error)
    {
        for (var result = error.SymbolResult; result is not null; result = result.Parent)
            if (result is OptionResult { Option: var option } optionResult && optionResult.Tokens.Count > 0)
                return $"{option.Name} '{string.Join(' ', optionResult.Tokens.Select(t => t.Value))}' is not {Expected(option.ValueType)}.";
        return error.Message;
    }

    private static string Expected(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(int) => $"a whole number of at most {int.MaxValue}",
        var t when t == typeof(long) => $"a whole number of at most {long.MaxValue}",
        var t when t == typeof(double) => "a number",
        var t when t == typeof(bool) => "true or false",
        var t => $"a valid {t.Name}",
    };
}
