using System.CommandLine;
using Emergence.Cli;

namespace Emergence.Tests.Pythia;

/// <summary>Runs the <c>pythia</c> command in process and captures its stderr.</summary>
internal static class PythiaCli
{
    public static (int Code, string Stderr) Run(params string[] args)
    {
        var root = new RootCommand { PythiaCommand.Create() };
        var error = new StringWriter();
        var saved = Console.Error;
        Console.SetError(error);
        try
        {
            return (root.Parse(["pythia", .. args]).Invoke(), error.ToString());
        }
        finally
        {
            Console.SetError(saved);
        }
    }
}
