using System.CommandLine;
using Emergence.Training;
using TorchSharp;

namespace Emergence.Cli;

/// <summary>
/// The <c>--threads</c> and <c>--device</c> options of the commands that run libtorch.
/// </summary>
public sealed class RuntimeOptions(string threadsDescription = "CPU threads for libtorch")
{
    public Option<int> Threads { get; } = new("--threads") { Description = threadsDescription, DefaultValueFactory = _ => Environment.ProcessorCount };
    public Option<string> Device { get; } = new("--device") { Description = "cpu or cuda", DefaultValueFactory = _ => "cpu" };

    /// <summary>The <c>--device</c>; a clear error when it is unknown or not available.</summary>
    public torch.Device TorchDevice(ParseResult parse) => TorchRuntime.ParseDevice(parse.GetValue(Device)!);

    /// <summary>Sets libtorch's CPU threads to <c>--threads</c> (a clear error unless positive).</summary>
    public void ApplyThreads(ParseResult parse) => TorchRuntime.SetThreads(parse.GetValue(Threads));
}
