using Emergence.Storage;
using MathNet.Numerics.Statistics;

namespace Emergence.Analysis;

/// <summary>The LLC against its quadratic localisation term in one run (see <see cref="LlcHessianTrace"/>).</summary>
/// <param name="Run">The run.</param>
/// <param name="Points">Checkpoints where the LLC, the Hessian trace and the LLC's n_beta, gamma and epsilon are all recorded.</param>
/// <param name="Rho">Spearman ρ(llc, hessian_trace) over those checkpoints.</param>
/// <param name="MedianRatio">Median of llc / quadratic term over the checkpoints where that term is positive (a positive trace).</param>
/// <param name="MinRatio">Smallest such ratio.</param>
/// <param name="MaxRatio">Largest such ratio.</param>
/// <param name="Status">"computed" or "not computable: reason".</param>
public sealed record LlcTraceEntry(string Run, int Points, double? Rho, double? MedianRatio, double? MinRatio, double? MaxRatio, string Status);

/// <summary>The LLC against the Hessian trace, per run.</summary>
public sealed record LlcTraceSection(string Definition, IReadOnlyList<LlcTraceEntry> Entries);

/// <summary>
/// What the LLC estimate measures when the localisation dominates. The SGLD chain samples
/// exp(−n_β L(w) − (γ/2)‖w − w*‖²). For a quadratic loss L(w) = L(w*) + ½ (w − w*)ᵀ H (w − w*) that is a
/// Gaussian with precision n_β H + γ I, and when γ ≫ n_β λ_max(H) (γ = 10⁴ and n_β = 1 at the paper's
/// settings) its covariance is I/γ; the discretised chain w' − w* = (1 − εγ/2)(w − w*) + √ε ξ has the
/// stationary covariance I/(γ (1 − εγ/4)). Then
/// <code>
///   E[L(w)] − L(w*) = ½ tr(H Σ) = tr(H) / (2γ (1 − εγ/4))
///   λ̂ = n_β (E[L(w)] − L(w*)) ≈ q = n_β tr(H) / (2γ (1 − εγ/4))      (the quadratic localisation term)
/// </code>
/// so in that regime the estimate is the Hessian trace rescaled, not a count of effective parameters
/// (Lau et al. 2025 need the loss term to dominate the localisation for λ̂ to estimate the learning
/// coefficient). Per run, over the checkpoints where the LLC, <c>hessian_trace</c> and the LLC's
/// n_β, γ and ε are recorded: ρ = Spearman ρ(llc, hessian_trace), and the ratio llc / q (1 when
/// the estimate is the quadratic term alone; above 1 when the loss rises faster than quadratically
/// over the chain's perturbations, of norm about √(P/γ)), as its median, minimum and maximum.
/// </summary>
public static class LlcHessianTrace
{
    /// <summary>The definition shown with the table.</summary>
    public const string Definition =
        "q = n_beta tr(H) / (2 gamma (1 - epsilon gamma / 4)): the LLC of a quadratic loss when the localisation dominates (gamma >> n_beta lambda_max(H)), " +
        "tr(H) = hessian_trace and n_beta, gamma, epsilon as the LLC recorded them at the same checkpoint. ratio = llc / q over checkpoints with tr(H) > 0 " +
        "(1: the estimate is the rescaled Hessian trace; above 1: the loss rises faster than quadratically over the chain's perturbations); rho = Spearman rho(llc, hessian_trace).";

    /// <summary>One entry per run; a run without both measures gets a reason.</summary>
    public static LlcTraceSection Analyze(IReadOnlyList<RunData> runs) => new(Definition, [.. runs.Select(Entry)]);

    private static LlcTraceEntry Entry(RunData run)
    {
        var llc = run.Get(MetricNames.Llc, "", 0, -1);
        var trace = run.Get(MetricNames.HessianTrace, "", 0, -1);
        var nBeta = run.Get(MetricNames.LlcNBeta, "", 0, -1);
        var gamma = run.Get(MetricNames.LlcGamma, "", 0, -1);
        var epsilon = run.Get(MetricNames.LlcEpsilon, "", 0, -1);
        if (llc is null || trace is null || nBeta is null || gamma is null || epsilon is null)
            return new(run.Label, 0, null, null, null, null, "not computable: the run has no LLC or no Hessian trace");
        var both = Enumerable.Range(0, run.Steps.Count)
            .Where(i => !new[] { llc[i], trace[i], nBeta[i], gamma[i], epsilon[i] }.Any(double.IsNaN)).ToList();
        if (both.Count < 3)
            return new(run.Label, both.Count, null, null, null, null, $"not computable: {both.Count} checkpoints with both the LLC and the Hessian trace (need 3)");
        var (rho, _) = FisherLlc.Rho([.. both.Select(i => llc[i])], [.. both.Select(i => trace[i])]);
        var ratios = both.Select(i => (Llc: llc[i], Q: nBeta[i] * trace[i] / (2 * gamma[i] * (1 - epsilon[i] * gamma[i] / 4))))
            .Where(p => p.Q > 0 && double.IsFinite(p.Q)).Select(p => p.Llc / p.Q).ToList();
        return ratios.Count == 0
            ? new(run.Label, both.Count, rho, null, null, null, "computed (no checkpoint with a positive trace for the ratio)")
            : new(run.Label, both.Count, rho, ratios.Median(), ratios.Min(), ratios.Max(), "computed");
    }
}
