using System.Reflection;

namespace Emergence.Study;

/// <summary>
/// How to start this emergence program again, for a child process or a cluster job: the program
/// itself, or <c>dotnet emergence.dll</c> when it runs under the dotnet host.
/// </summary>
public static class SelfCommand
{
    /// <summary>The program and the arguments that come before emergence's own.</summary>
    public static IReadOnlyList<string> Prefix()
    {
        var host = Environment.ProcessPath ?? "dotnet";
        return Path.GetFileNameWithoutExtension(host) == "dotnet"
            ? [host, Assembly.GetEntryAssembly()?.Location ?? throw new InvalidOperationException("no entry assembly")]
            : [host];
    }
}
