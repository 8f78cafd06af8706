using System.CommandLine;
using Emergence.Measures;

namespace Emergence.Cli;

/// <summary>The Hessian measure's options of <c>train</c> and <c>measure</c> (defaults: <see cref="HessianOptions"/>).</summary>
public sealed class HessianCliOptions
{
    private static readonly HessianOptions Defaults = new();

    public Option<int> TopK { get; } = new("--hessian-top-k") { Description = "Hessian: number of top eigenvalues", DefaultValueFactory = _ => Defaults.TopK };
    public Option<double> Tolerance { get; } = new("--hessian-tolerance")
    {
        Description = "Hessian: Lanczos residual tolerance, relative to the largest |eigenvalue|", DefaultValueFactory = _ => Defaults.LanczosTolerance,
    };
    public Option<int> MaxLanczos { get; } = new("--hessian-max-lanczos")
    {
        Description = "Hessian: budget of Lanczos iterations (Hessian-vector products)", DefaultValueFactory = _ => Defaults.MaxLanczosIterations,
    };
    public Option<int> PowerIterations { get; } = new("--hessian-power-iterations")
    {
        Description = "Hessian: budget of the power-iteration check (0 = no check)", DefaultValueFactory = _ => Defaults.PowerIterations,
    };
    public Option<double> TraceError { get; } = new("--hessian-trace-error")
    {
        Description = "Hessian: target standard error of the trace relative to |trace|", DefaultValueFactory = _ => Defaults.TraceRelativeError,
    };
    public Option<int> TraceProbes { get; } = new("--hessian-trace-probes")
    {
        Description = "Hessian: budget of trace probes (0 = no trace)", DefaultValueFactory = _ => Defaults.MaxTraceProbes,
    };
    public Option<int> Batch { get; } = new("--hessian-batch") { Description = "Hessian: training examples in the fixed batch", DefaultValueFactory = _ => Defaults.BatchSize };

    public IEnumerable<Option> All => [TopK, Tolerance, MaxLanczos, PowerIterations, TraceError, TraceProbes, Batch];

    /// <summary>The options as given, validated (a bad value fails here, before any training).</summary>
    public HessianOptions Parse(ParseResult parse)
    {
        var options = Defaults with
        {
            TopK = parse.GetValue(TopK),
            LanczosTolerance = parse.GetValue(Tolerance),
            MaxLanczosIterations = parse.GetValue(MaxLanczos),
            PowerIterations = parse.GetValue(PowerIterations),
            TraceRelativeError = parse.GetValue(TraceError),
            MaxTraceProbes = parse.GetValue(TraceProbes),
            BatchSize = parse.GetValue(Batch),
        };
        options.Validate();
        return options;
    }
}
