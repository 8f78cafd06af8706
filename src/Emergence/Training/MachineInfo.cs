using System.Globalization;

namespace Emergence.Training;

/// <summary>
/// The machine a run is trained on, as recorded in its meta: the CPU model (the first
/// <c>model name</c> of /proc/cpuinfo, else the processor architecture), the logical processors
/// this process may use, and the total physical memory (MemTotal of /proc/meminfo, else the
/// runtime's total available memory, which honours container limits).
/// </summary>
/// <param name="CpuModel">e.g. "Intel(R) Xeon(R) Processor".</param>
/// <param name="Cores">Logical processors available to the process.</param>
/// <param name="MemoryBytes">Total physical memory in bytes.</param>
public sealed record MachineInfo(string CpuModel, int Cores, long MemoryBytes)
{
    /// <summary>Meta key of <see cref="CpuModel"/>.</summary>
    public const string CpuModelKey = "cpu_model";
    /// <summary>Meta key of <see cref="Cores"/>.</summary>
    public const string CoresKey = "cpu_cores";
    /// <summary>Meta key of <see cref="MemoryBytes"/>.</summary>
    public const string MemoryKey = "memory_bytes";

    /// <summary>The machine this process runs on.</summary>
    public static MachineInfo Current() =>
        new(ProcField("/proc/cpuinfo", "model name") ?? System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString(),
            Environment.ProcessorCount,
            ProcField("/proc/meminfo", "MemTotal") is { } total && long.TryParse(total.Split(' ')[0], out var kib)
                ? kib * 1024 : GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);

    /// <summary>The three meta entries.</summary>
    public IEnumerable<KeyValuePair<string, string>> Meta() =>
    [
        new(CpuModelKey, CpuModel),
        new(CoresKey, Cores.ToString(CultureInfo.InvariantCulture)),
        new(MemoryKey, MemoryBytes.ToString(CultureInfo.InvariantCulture)),
    ];

    /// <summary>The machine recorded in a meta table, or null when any of its keys is missing or unreadable (a store from before they were recorded).</summary>
    public static MachineInfo? FromMeta(IReadOnlyDictionary<string, string> meta) =>
        meta.TryGetValue(CpuModelKey, out var model)
        && meta.TryGetValue(CoresKey, out var cores) && int.TryParse(cores, CultureInfo.InvariantCulture, out var c)
        && meta.TryGetValue(MemoryKey, out var memory) && long.TryParse(memory, CultureInfo.InvariantCulture, out var m)
            ? new MachineInfo(model, c, m) : null;

    /// <summary>e.g. "Intel(R) Xeon(R) Processor, 2 logical cores, 23.6 GiB".</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{CpuModel}, {Cores} logical core{(Cores == 1 ? "" : "s")}, {MemoryBytes / (1024.0 * 1024 * 1024):0.0} GiB");

    private static string? ProcField(string path, string name)
    {
        try
        {
            if (!File.Exists(path)) return null;
            foreach (var line in File.ReadLines(path))
            {
                int colon = line.IndexOf(':');
                if (colon > 0 && line[..colon].Trim() == name && line[(colon + 1)..].Trim() is { Length: > 0 } value) return value;
            }
        }
        catch (IOException) { } // fall back to the runtime's figures
        catch (UnauthorizedAccessException) { }
        return null;
    }
}
