using Emergence.Measures;

namespace Emergence.Pythia.Global;

/// <summary>The measures of a Pythia sweep, by their <c>--measures</c> names.</summary>
public enum PythiaMeasure
{
    /// <summary>The behaviour of the model on the probe sets (<c>--probes</c>).</summary>
    Probes,
    /// <summary>Parameter statistics per layer group: norms and the update since the previous measured checkpoint.</summary>
    Params,
    /// <summary>Top Hessian eigenvalues by Lanczos.</summary>
    Hessian,
    /// <summary>The Hessian spectral density by stochastic Lanczos quadrature.</summary>
    Slq,
    /// <summary>The gradient-covariance effective rank.</summary>
    GradCov,
}

/// <summary>
/// Settings of the global measures of a Pythia sweep (<see cref="GlobalMeasures"/>): which run
/// (<c>--measures</c>, default <c>probes,params</c>: the curvature measures are opt-in because
/// their memory grows with the parameter count, docs/pythia.md), the fixed probe batch and the
/// parameters they differentiate, and the Lanczos settings.
/// </summary>
public sealed record PythiaGlobalOptions
{
    /// <summary>Probes and parameter measures: the cheap ones, run when <c>--measures</c> is not given.</summary>
    public static readonly IReadOnlySet<PythiaMeasure> DefaultMeasures = new HashSet<PythiaMeasure> { PythiaMeasure.Probes, PythiaMeasure.Params };

    /// <summary>The measures to run (<see cref="ParseMeasures"/>).</summary>
    public IReadOnlySet<PythiaMeasure> Measures { get; init; } = DefaultMeasures;
    /// <summary>Sequences in the fixed probe batch (<see cref="ProbeBatch"/>).</summary>
    public int ProbeBatchSize { get; init; } = 8;
    /// <summary>The <c>--curvature-layers</c> text: "all" or comma-separated layer groups (<see cref="NeoXParameters"/>).</summary>
    public string CurvatureLayers { get; init; } = "all";
    /// <summary>Top-k Lanczos settings; the power check and the trace are off (the trace comes from the spectral density).</summary>
    public HessianOptions Hessian { get; init; } = new() { PowerIterations = 0, MaxTraceProbes = 0 };
    /// <summary>Random starts of the spectral density (n_v).</summary>
    public int SlqStarts { get; init; } = 3;
    /// <summary>Lanczos steps per start of the spectral density (m).</summary>
    public int SlqSteps { get; init; } = 30;

    /// <summary>Whether <paramref name="measure"/> is to run.</summary>
    public bool Has(PythiaMeasure measure) => Measures.Contains(measure);

    /// <summary>The measure's <c>--measures</c> name: its enum name in lower case (<c>gradcov</c>).</summary>
    public static string NameOf(PythiaMeasure m) => m.ToString().ToLowerInvariant();

    /// <summary>Parses "probes,hessian" (or "all"); an unknown name is one line naming it and the allowed ones.</summary>
    public static IReadOnlySet<PythiaMeasure> ParseMeasures(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return DefaultMeasures;
        var all = Enum.GetValues<PythiaMeasure>();
        if (text.Trim().Equals("all", StringComparison.OrdinalIgnoreCase)) return all.ToHashSet();
        var chosen = new HashSet<PythiaMeasure>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = all.Where(m => NameOf(m) == part.ToLowerInvariant()).ToList();
            if (match.Count == 0) throw new ArgumentException($"--measures: unknown measure '{part}' (allowed: all, {string.Join(", ", all.Select(NameOf))}).");
            chosen.Add(match[0]);
        }
        if (chosen.Count == 0) throw new ArgumentException($"--measures: no measure given (allowed: all, {string.Join(", ", all.Select(NameOf))}).");
        return chosen;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad value and what is allowed.</summary>
    public void Validate()
    {
        if (ProbeBatchSize < 1) throw new ArgumentException($"--probe-batch must be a positive number of sequences (got {ProbeBatchSize}).");
        if (SlqStarts < 1) throw new ArgumentException($"--slq-starts must be a positive integer (got {SlqStarts}).");
        if (SlqSteps < 2) throw new ArgumentException($"--slq-steps must be at least 2 (got {SlqSteps}).");
        Hessian.Validate();
    }

    /// <summary>The settings as one meta line.</summary>
    public string Describe() =>
        $"measures={string.Join(",", Enum.GetValues<PythiaMeasure>().Where(Has).Select(NameOf))}; probe_batch={ProbeBatchSize}; curvature_layers={CurvatureLayers}; " +
        $"hessian top_k={Hessian.TopK} tolerance={Hessian.LanczosTolerance} budget={Hessian.MaxLanczosIterations} seed={Hessian.Seed}; slq starts={SlqStarts} steps={SlqSteps}";
}
