namespace Emergence.Training;

/// <summary>
/// The memory a training run will need, estimated before anything is allocated, and the memory
/// the machine has available; a run that cannot fit is refused with both numbers instead of
/// growing until the machine swaps or the kernel kills it. The estimate counts what scales with
/// the options (float32 throughout):
/// <list type="bullet">
/// <item>model and optimiser, 28 P bytes for P parameters: weights, gradients and the two AdamW
/// moments (16 P), plus a checkpoint's trainer state (weights and moments, 12 P) as it is written
/// or read back on resume;</item>
/// <item>activations kept for the backward pass, 4 B T (L (17 d + 2 h T) + 3 V + 2 d) bytes for a
/// batch of B sequences of T = context tokens, L layers of width d with h heads and a vocabulary
/// of V: per layer the LayerNorm inputs (2d), q, k, v (3d), attention scores and weights (2 h T),
/// the attention output and its projection (2d), the MLP's input, hidden and activated hidden
/// (9d) and the residual (d); then the logits with their log-softmax and gradient (3V) and the
/// embeddings (2d);</item>
/// <item>the evaluation set, encoded once for the whole run: per example its text and three
/// int64 rows of T tokens (inputs, targets, mask), <see cref="BytesPerEvaluationExample"/>;</item>
/// <item>the runtime itself (.NET and libtorch), <see cref="RuntimeBytes"/>.</item>
/// </list>
/// Measured (2-core x86-64, Linux, one thread): nano at batch 64 with 1,000 evaluation examples
/// per task-level peaks at 1.19 GB resident (estimate 1.11 GB); at batch 1,024 with 5 it peaks at
/// 1.62 GB (estimate 2.09 GB). The activation term is an upper bound, about 2.4 times what
/// libtorch keeps for nano, so a refusal is never a run that would have fitted by a small margin.
/// Geometric measures add their own working sets (the diagnostic set, Hessian-vector products);
/// they are of the order of one evaluation pass and are not counted.
/// </summary>
public static class MemoryEstimate
{
    /// <summary>Memory of the runtime itself (.NET and libtorch), in bytes.</summary>
    public const double RuntimeBytes = 1e9;
    /// <summary>Bytes per model parameter: weights, gradients, AdamW moments and a checkpoint's trainer state.</summary>
    public const double BytesPerParameter = 28;

    /// <summary>Bytes per evaluation example at context length <paramref name="context"/>.</summary>
    public static double BytesPerEvaluationExample(int context) => 160 + 3 * 8.0 * context;

    /// <summary>Bytes of model and optimiser.</summary>
    public static double ModelBytes(TrainingConfig config) => BytesPerParameter * config.Model.ParameterCount();

    /// <summary>Bytes of the activations kept for the backward pass (an upper bound).</summary>
    public static double ActivationBytes(TrainingConfig config)
    {
        var m = config.Model;
        double t = m.Context, d = m.DModel;
        return 4.0 * config.BatchSize * t * (m.Layers * (17 * d + 2.0 * m.Heads * t) + 3.0 * m.VocabSize + 2 * d);
    }

    /// <summary>Bytes of the encoded evaluation set.</summary>
    public static double EvaluationBytes(TrainingConfig config) =>
        (double)config.EvaluationPerTaskLevel * config.TaskLevels.Count * BytesPerEvaluationExample(config.Model.Context);

    /// <summary>Bytes the whole run needs (the sum of the terms above).</summary>
    public static double TrainingBytes(TrainingConfig config) =>
        RuntimeBytes + ModelBytes(config) + ActivationBytes(config) + EvaluationBytes(config);

    /// <summary>Environment variable that sets the available memory in bytes instead of measuring it (tests; machines where MemAvailable misleads).</summary>
    public const string AvailableOverride = "EMERGENCE_MEMORY_AVAILABLE";

    /// <summary>
    /// Memory available to a new allocation now: MemAvailable from /proc/meminfo where there is
    /// one (Linux), otherwise the runtime's view (<see cref="GC.GetGCMemoryInfo()"/>'s total
    /// available memory, which honours container limits).
    /// </summary>
    public static double AvailableBytes()
    {
        if (double.TryParse(Environment.GetEnvironmentVariable(AvailableOverride), System.Globalization.CultureInfo.InvariantCulture, out var set) && set > 0)
            return set;
        try
        {
            if (File.Exists("/proc/meminfo"))
                foreach (var line in File.ReadLines("/proc/meminfo"))
                    if (line.StartsWith("MemAvailable:", StringComparison.Ordinal)
                        && long.TryParse(line["MemAvailable:".Length..].Trim().Split(' ')[0], out var kib))
                        return kib * 1024.0;
        }
        catch (IOException) { } // fall back to the runtime's figure
        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }

    /// <summary>Refuses a run whose estimate exceeds the available memory, naming both.</summary>
    public static void Check(TrainingConfig config, string what) => Check(TrainingBytes(config), AvailableBytes(), what);

    /// <summary>Throws <see cref="ArgumentException"/> naming both numbers when <paramref name="needed"/> exceeds <paramref name="available"/> bytes.</summary>
    public static void Check(double needed, double available, string what)
    {
        if (needed > available)
            throw new ArgumentException($"{what} needs an estimated {Gigabytes(needed)} of memory " +
                $"(model and optimiser, activations at the batch size, evaluation set) but this machine has {Gigabytes(available)} available; " +
                "choose a smaller model, --batch or --eval-per-task-level.");
    }

    /// <summary>Bytes as decimal gigabytes, e.g. "1.2 GB".</summary>
    public static string Gigabytes(double bytes) => (bytes / 1e9).ToString("0.0##", System.Globalization.CultureInfo.InvariantCulture) + " GB";
}
