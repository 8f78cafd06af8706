using System.Reflection;
using TorchSharp;

namespace Emergence.Training;

/// <summary>Provenance recorded with every run: program, library and runtime versions, source revision.</summary>
public static class RunMetadata
{
    public static string ProgramVersion =>
        typeof(RunMetadata).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The source revision the program was built from (git commit), or "unknown".</summary>
    public static string SourceRevision => ProgramVersion.Split('+') is [_, var rev, ..] ? rev : "unknown";

    public static Dictionary<string, string> Collect(TrainingConfig config, int threads, string device) => new()
    {
        ["config"] = config.ToJson(),
        ["seed"] = config.Seed.ToString(),
        ["model"] = config.Model.Name,
        ["parameters"] = config.Model.ParameterCount().ToString(),
        ["program_version"] = ProgramVersion,
        ["source_revision"] = SourceRevision,
        ["torchsharp_version"] = typeof(torch).Assembly.GetName().Version?.ToString() ?? "unknown",
        ["libtorch_version"] = torch.__version__,
        ["dotnet_version"] = Environment.Version.ToString(),
        ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        ["threads"] = threads.ToString(),
        ["device"] = device,
        ["created_at"] = DateTime.UtcNow.ToString("O"),
    };
}
