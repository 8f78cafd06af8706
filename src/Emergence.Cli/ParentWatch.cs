using System.Diagnostics;

namespace Emergence.Cli;

/// <summary>
/// Ends a child process when its parent ends. The parent holds the write end of the child's
/// standard input; the kernel closes it when the parent exits in any way (a SIGKILL included),
/// so reading standard input to its end is a wait for the parent's death. The child then kills
/// itself at once: its last committed checkpoint stands, and its run lock is released with it.
/// </summary>
public static class ParentWatch
{
    public static void Start()
    {
        var watcher = new Thread(() =>
        {
            using var input = Console.OpenStandardInput();
            var buffer = new byte[256];
            while (input.Read(buffer, 0, buffer.Length) > 0) { }
            Console.Error.WriteLine("the parent process ended; stopping (the last checkpoint stands)");
            Process.GetCurrentProcess().Kill();
        })
        { IsBackground = true, Name = "parent watch" };
        watcher.Start();
    }
}
