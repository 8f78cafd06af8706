using Emergence.Storage;

namespace Emergence.Cli;

/// <summary>Turns expected failures into one line on stderr and a non-zero exit code.</summary>
public static class CliErrors
{
    public const int BadInput = 2;
    public const int Diverged = 3;

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
            Console.Error.WriteLine($"error: {string.Join(' ', e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))}");
            return BadInput;
        }
    }
}
