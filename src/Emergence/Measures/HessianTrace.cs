using Emergence.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Measures;

/// <summary>A trace estimate: its standard error, the probes drawn (one Hessian-vector product each),
/// whether the target relative standard error was met, and the exact part over the Krylov basis.</summary>
public sealed record TraceEstimate(double Trace, double StandardError, int Probes, bool TargetMet, double KrylovPart);

/// <summary>
/// Trace of H by Hutchinson's estimator (1989) deflated by an orthonormal basis Q (m x n) of a
/// Krylov space with known products H Q, the idea of Hutch++ (Meyer, Musco, Musco and Woodruff
/// 2021) with the Lanczos basis as its sketch (as in Chen and Hallman 2023, Krylov-aware Hutch++):
/// <code>
///   tr H = tr(Q^T H Q) + tr(P H P),  P = I - Q Q^T;
///   tr(Q^T H Q) = sum_j q_j . (H q_j)          (exact, from the stored products);
///   tr(P H P) ~ mean_p (P z_p) . H (P z_p),   z_p Rademacher (entries +-1), independent of Q;
///   standard error = sample std / sqrt(probes)
/// </code>
/// Var(z^T A z) = 2 (||A||_F^2 - sum_i A_ii^2), so deflating the extreme eigenvalues that Lanczos
/// captured (the dominant ones, of either sign) removes most of the variance when they dominate.
/// Probes are drawn until the standard error is at most the target times |estimate| (at least
/// <see cref="HessianOptions.MinTraceProbes"/>) or the budget runs out. With no basis it is plain
/// Hutchinson; with a basis spanning the whole space the trace is exact (no probes).
/// </summary>
internal static class HessianTrace
{
    public static TraceEstimate Estimate(HessianVectorProduct hvp, Tensor? basis, Tensor? products, double relativeError, int maxProbes,
        torch.Generator generator, int minProbes = HessianOptions.MinTraceProbes)
    {
        using var scope = torch.NewDisposeScope();
        double krylov = basis is null || products is null ? 0 : (basis * products).sum(1).to(float64).sum().ToDouble();
        if (basis is not null && basis.shape[0] >= hvp.Dimension) return new TraceEstimate(krylov, 0, 0, true, krylov);
        double mean = 0, sumSquares = 0;
        int probes = 0;
        double se = double.NaN;
        while (probes < maxProbes)
        {
            using var step = torch.NewDisposeScope();
            var z = torch.randint(0, 2, [hvp.Dimension], dtype: hvp.DType, device: hvp.Device, generator: generator).mul(HeldScalars.Two).sub(HeldScalars.One);
            if (basis is not null)
                for (int pass = 0; pass < 2; pass++) z = z - basis.t().matmul(basis.matmul(z));
            double sample = z.dot(hvp.Apply(z)).ToDouble();
            probes++;
            double delta = sample - mean;
            mean += delta / probes;
            sumSquares += delta * (sample - mean);
            if (probes < 2) continue;
            se = Math.Sqrt(sumSquares / (probes - 1) / probes);
            if (probes >= minProbes && se <= relativeError * Math.Abs(krylov + mean)) break;
        }
        double trace = krylov + mean;
        return new TraceEstimate(trace, se, probes, se <= relativeError * Math.Abs(trace), krylov);
    }
}
