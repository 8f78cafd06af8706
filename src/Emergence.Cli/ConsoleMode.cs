namespace Emergence.Cli;

/// <summary>Rich output (progress bars) only on an interactive terminal outside CI.</summary>
public static class ConsoleMode
{
    public static bool Plain =>
        Console.IsOutputRedirected || Console.IsErrorRedirected ||
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase) ||
        Environment.GetEnvironmentVariable("TERM") is null or "dumb";
}
