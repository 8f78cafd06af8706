using System.Runtime.InteropServices;
using TorchSharp;

namespace Emergence.Training;

/// <summary>Process-wide libtorch settings: device choice, thread count, OpenMP wait policy.</summary>
public static partial class TorchRuntime
{
    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    /// <summary>
    /// Idle OpenMP workers spin by default and steal the cores BLAS is using; a passive wait
    /// policy avoids that. It must be in the C environment before libtorch loads, so call this
    /// first thing in Main. A value the user set is kept.
    /// </summary>
    public static void PreferPassiveOpenMpWait()
    {
        if (OperatingSystem.IsWindows() || Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is not null) return;
        SetEnv("OMP_WAIT_POLICY", "PASSIVE", 0);
        Environment.SetEnvironmentVariable("OMP_WAIT_POLICY", "PASSIVE");
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);

    private const int MallocArenaMax = -8;

    /// <summary>
    /// glibc's allocator keeps the buffers libtorch frees in up to 8 arenas per core, so measures
    /// that allocate and free many buffers of 1-50 MB (per-example gradient blocks, evaluation
    /// activations) leave the resident set well above the live memory. Two arenas keep less of it.
    /// A low mmap and trim threshold (1 MB) would keep less still, but made the training step
    /// 15-30% slower (page faults on every large buffer), so glibc's own thresholds are kept
    /// (BENCHMARKS.md, memory). Linux with glibc only; <c>MALLOC_ARENA_MAX</c> set in the
    /// environment is kept, as are glibc's other variables.
    /// </summary>
    public static void LimitRetainedHeap()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            if (Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is null) MallOpt(MallocArenaMax, 2);
        }
        catch (EntryPointNotFoundException) { }   // a C library without mallopt (musl): nothing to tune
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);

    /// <summary>
    /// Hands the heap memory glibc keeps after libtorch frees a measure's buffers back to the
    /// operating system (<c>malloc_trim(0)</c>: free pages of every arena are released, whatever
    /// the trim threshold). Called after each measure, so that one measure's freed buffers do not
    /// stay resident through the next ones and the training between checkpoints. No effect on the
    /// numbers; a no-op off Linux or without glibc.
    /// </summary>
    public static void ReturnFreedHeap()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            MallocTrim(0);
        }
        catch (EntryPointNotFoundException) { }   // a C library without malloc_trim (musl)
    }

    /// <summary>"cpu" or "cuda" (or "cuda:N"); a clear error when CUDA is not available.</summary>
    public static torch.Device ParseDevice(string name)
    {
        var text = name.Trim().ToLowerInvariant();
        if (text == "cpu") return torch.CPU;
        if (text == "cuda" || text.StartsWith("cuda:"))
        {
            if (!torch.cuda.is_available())
                throw new ArgumentException($"Device '{name}' is not available: this build has no CUDA libtorch or no GPU is visible (use --device cpu).");
            return torch.device(text);
        }
        throw new ArgumentException($"Unknown device '{name}' (allowed: cpu, cuda, cuda:N).");
    }

    /// <summary>Sets libtorch's thread count; throws <see cref="ArgumentException"/> unless positive.</summary>
    public static void SetThreads(int threads)
    {
        if (threads <= 0) throw new ArgumentException($"Threads must be a positive integer (got {threads}).");
        torch.set_num_threads(threads);
    }

    /// <summary>Version of the loaded libtorch.</summary>
    public static string LibTorchVersion => torch.__version__;
}
