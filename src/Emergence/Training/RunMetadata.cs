using System.Reflection;
using Emergence.Storage;
using TorchSharp;

namespace Emergence.Training;

/// <summary>Provenance recorded with every run: program, library and runtime versions, source revision.</summary>
public static class RunMetadata
{
    /// <summary>The program's informational version (with the git commit after '+').</summary>
    public static string ProgramVersion =>
        typeof(RunMetadata).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The source revision the program was built from (git commit), or "unknown".</summary>
    public static string SourceRevision => ProgramVersion.Split('+') is [_, var rev, ..] ? rev : "unknown";

    /// <summary>The meta entries of a new run: configuration, model, seed, threads, device, versions, machine.</summary>
    public static Dictionary<string, string> Collect(TrainingConfig config, int threads, string device) => new(MachineInfo.Current().Meta())
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

    /// <summary>
    /// libtorch's reductions depend on the thread count, so a run resumed with another one no
    /// longer reproduces an uninterrupted run. Refuses that, naming both counts, unless
    /// <paramref name="force"/>; the store is only read.
    /// </summary>
    public static void CheckThreads(RunFolder folder, int threads, bool force)
    {
        if (force || !folder.HasStore) return;
        using var store = RunStore.Open(folder.StorePath, readOnly: true);
        if (store.Meta("threads") is { } stored && stored != threads.ToString())
            throw new StoreException($"Cannot resume {folder.Path} with --threads {threads}: the run was trained with {stored} threads, and another count " +
                $"changes its numbers; pass --threads {stored}, or --force-threads to continue with {threads} (the change is recorded in the run's meta).");
    }

    /// <summary>
    /// Records a thread count that differs from the stored one: <c>threads</c> becomes the count
    /// in force, and <c>thread_changes</c> lists every change as "step N: OLD -> NEW" (separated by "; ").
    /// </summary>
    public static void RecordThreads(RunStore store, int threads, long step)
    {
        var stored = store.Meta("threads");
        if (stored is null || stored == threads.ToString()) return;
        var change = $"step {step}: {stored} -> {threads}";
        store.SetMeta("thread_changes", store.Meta("thread_changes") is { Length: > 0 } earlier ? $"{earlier}; {change}" : change);
        store.SetMeta("threads", threads.ToString());
    }

    /// <summary>Meta key listing every resume as "step N at TIME by VERSION on MACHINE" (UTC, ISO 8601; the resuming program's version and machine, <see cref="MachineInfo"/>), separated by "; ".</summary>
    public const string ResumesKey = "resumes";
    /// <summary>Meta key of the step a store's machine keys were first recorded at, when that was a resume of a store made without them.</summary>
    public const string MachineFromStepKey = "machine_recorded_at_step";

    /// <summary>
    /// Records a resume from <paramref name="step"/> under <see cref="ResumesKey"/>. A store made
    /// before the machine was recorded gets this machine's keys, with the step they hold from
    /// (<see cref="MachineFromStepKey"/>): the earlier sittings' machine stays unknown.
    /// </summary>
    public static void RecordResume(RunStore store, long step)
    {
        var resume = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"step {step} at {DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ} by {ProgramVersion} on {MachineInfo.Current()}");
        store.SetMeta(ResumesKey, store.Meta(ResumesKey) is { Length: > 0 } earlier ? $"{earlier}; {resume}" : resume);
        if (store.Meta(MachineInfo.CpuModelKey) is not null) return;
        foreach (var (key, value) in MachineInfo.Current().Meta()) store.SetMeta(key, value);
        store.SetMeta(MachineFromStepKey, step.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
