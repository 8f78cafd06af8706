using Emergence.Storage;

namespace Emergence.Cli;

/// <summary>Turns expected failures into one line on stderr and a non-zero exit code.</summary>
public static class CliErrors
{
    public const int BadInput = 2;

    public static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is ArgumentException or StoreException or FormatException or IOException or UnauthorizedAccessException
                                   or Microsoft.Data.Sqlite.SqliteException)
        {
            Console.Error.WriteLine($"error: {string.Join(' ', e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))}");
            return BadInput;
        }
    }
}
