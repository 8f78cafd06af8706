namespace Emergence.Measures;

/// <summary>
/// Settings of the Hessian measure (defaults: PROTOCOL §4.4 for k and the batch; the tolerances
/// and budgets are this implementation's). Every budget that runs out is recorded in the store
/// (<c>hessian_lanczos_converged</c>, <c>hessian_power_converged</c>, <c>hessian_trace_target_met</c>),
/// never silently.
/// </summary>
public sealed record HessianOptions
{
    /// <summary>Number of top eigenvalues reported (the paper: 20).</summary>
    public int TopK { get; init; } = 20;
    /// <summary>Lanczos stops when every one of the top-k Ritz pairs has a residual ||H y - theta y||
    /// at most this times the largest |Ritz value|.</summary>
    public double LanczosTolerance { get; init; } = 1e-3;
    /// <summary>Budget of Lanczos iterations (one Hessian-vector product each), capped at the
    /// dimension. Memory: two float vectors of the parameter count per iteration.</summary>
    public int MaxLanczosIterations { get; init; } = 300;
    /// <summary>Budget of the power-iteration check (0 = no check).</summary>
    public int PowerIterations { get; init; } = 100;
    /// <summary>The power check stops when ||H v - theta v|| &lt;= this times |theta|.</summary>
    public double PowerTolerance { get; init; } = 1e-2;
    /// <summary>Target standard error of the trace relative to |trace|.</summary>
    public double TraceRelativeError { get; init; } = 0.05;
    /// <summary>Budget of trace probes (0 = skip the trace); at least <see cref="MinTraceProbes"/> are drawn.</summary>
    public int MaxTraceProbes { get; init; } = 200;
    /// <summary>Probes drawn at least, so that the standard error is itself estimated.</summary>
    public const int MinTraceProbes = 10;
    /// <summary>Training examples in the fixed batch, drawn from <see cref="BatchSeed"/>.</summary>
    public int BatchSize { get; init; } = 256;
    /// <summary>Seed of the GPT's fixed batch (not used by the library, which reads the caller's batch).</summary>
    public ulong BatchSeed { get; init; } = 20260204;
    /// <summary>Seed of the Lanczos start, the trace probes and the power check's start.</summary>
    public long Seed { get; init; } = 4321;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad value and what is allowed.</summary>
    public void Validate()
    {
        if (TopK <= 0) throw new ArgumentException($"Hessian top-k must be a positive integer (got {TopK}).");
        if (!(LanczosTolerance > 0 && LanczosTolerance < 1))
            throw new ArgumentException($"Hessian Lanczos tolerance must be in (0, 1) (got {LanczosTolerance}).");
        if (MaxLanczosIterations < TopK)
            throw new ArgumentException($"Hessian Lanczos iterations budget must be at least top-k = {TopK} (got {MaxLanczosIterations}).");
        if (PowerIterations < 0) throw new ArgumentException($"Hessian power iterations must be >= 0, 0 = no check (got {PowerIterations}).");
        if (!(PowerTolerance > 0 && PowerTolerance < 1))
            throw new ArgumentException($"Hessian power tolerance must be in (0, 1) (got {PowerTolerance}).");
        if (!(TraceRelativeError > 0 && TraceRelativeError < 1))
            throw new ArgumentException($"Hessian trace relative standard error target must be in (0, 1) (got {TraceRelativeError}).");
        if (MaxTraceProbes != 0 && MaxTraceProbes < MinTraceProbes)
            throw new ArgumentException($"Hessian trace probes budget must be 0 (no trace) or at least {MinTraceProbes} (got {MaxTraceProbes}).");
        if (BatchSize <= 0) throw new ArgumentException($"Hessian batch size must be a positive integer (got {BatchSize}).");
    }
}
