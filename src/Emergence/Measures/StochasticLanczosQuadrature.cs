using Emergence.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Measures;

/// <summary>
/// A spectral density as a quadrature rule: nodes theta_i and weights w_i (all starts pooled,
/// sum w_i = 1). <see cref="StochasticLanczosQuadrature"/> builds it.
/// </summary>
/// <param name="Nodes">theta_i: the Ritz values of every start.</param>
/// <param name="Weights">w_i = tau_i / n_v, in the order of the nodes.</param>
/// <param name="Starts">Random starts n_v.</param>
/// <param name="Steps">Lanczos steps per start m (a start may stop earlier on an invariant subspace).</param>
/// <param name="Dimension">n, the operator's dimension (for <see cref="Trace"/>).</param>
public sealed record SpectralDensity(double[] Nodes, double[] Weights, int Starts, int Steps, long Dimension)
{
    /// <summary>sum_i w_i theta_i, the estimate of tr(H) / n.</summary>
    public double Mean => Nodes.Zip(Weights, (t, w) => t * w).Sum();

    /// <summary>n x <see cref="Mean"/>, the estimate of tr(H) (Hutchinson's, with the same starts).</summary>
    public double Trace => Dimension * Mean;

    /// <summary>Nodes closer to 0 than this times max |theta_i| count as zero in <see cref="NegativeMass"/>.</summary>
    public const double ZeroTolerance = 1e-3;

    /// <summary>
    /// sum of w_i over theta_i &lt; -<see cref="ZeroTolerance"/> max |theta|: the estimated fraction of clearly
    /// negative eigenvalues. A bulk at zero (e.g. embedding rows no token of the batch uses have exactly zero
    /// curvature) gives Ritz values of either sign at round-off size, which the threshold leaves out.
    /// </summary>
    public double NegativeMass
    {
        get
        {
            double cut = -ZeroTolerance * Nodes.Max(Math.Abs);
            return Nodes.Zip(Weights, (t, w) => t < cut ? w : 0).Sum();
        }
    }

    /// <summary>
    /// The Gaussian-broadened density phi_sigma(t) = sum_i w_i exp(-(t - theta_i)^2 / 2 sigma^2) / (sigma sqrt(2 pi))
    /// at each point of <paramref name="grid"/>; it integrates to 1 over the real line.
    /// </summary>
    public double[] Evaluate(IReadOnlyList<double> grid, double sigma)
    {
        if (!(sigma > 0)) throw new ArgumentException($"the broadening sigma must be positive (got {sigma})");
        double norm = 1 / (sigma * Math.Sqrt(2 * Math.PI));
        return [.. grid.Select(t => norm * Nodes.Zip(Weights, (theta, w) => w * Math.Exp(-(t - theta) * (t - theta) / (2 * sigma * sigma))).Sum())];
    }
}

/// <summary>
/// Spectral density of a symmetric operator by stochastic Lanczos quadrature (Golub and Meurant
/// 1994; Ubaru, Chen and Saad 2017; for Hessians Ghorbani, Krishnan and Xiao 2019, as PyHessian
/// computes it). For each of n_v starts v (Rademacher, entries +-1, normalised), m steps of
/// <see cref="Lanczos"/> give T_m = S diag(theta) S^T, and
/// <code>
///   v^T f(H) v / ||v||^2  ~  sum_i tau_i f(theta_i),   tau_i = S_{1,i}^2   (Gauss quadrature, exact for deg f &lt;= 2m - 1)
///   phi(t)  ~  (1 / n_v) sum_v sum_i tau_i^(v) g_sigma(t - theta_i^(v))
/// </code>
/// so the nodes are the Ritz values of every start and the weights tau / n_v. With Rademacher
/// starts the mean of the density (sum w theta) is Hutchinson's trace estimate divided by n.
/// A start whose Krylov space is exhausted before m steps (an invariant subspace) stops there:
/// its quadrature is then exact. Memory: as Lanczos, two vectors of n per step.
/// </summary>
public static class StochasticLanczosQuadrature
{
    /// <summary>The density of the operator <paramref name="hvp"/> from <paramref name="starts"/> Rademacher starts of <paramref name="steps"/> Lanczos steps each, drawn from <paramref name="generator"/>.</summary>
    public static SpectralDensity Estimate(HessianVectorProduct hvp, int starts, int steps, torch.Generator generator)
    {
        if (starts < 1) throw new ArgumentException($"spectral density starts must be a positive integer (got {starts})");
        if (steps < 2) throw new ArgumentException($"spectral density Lanczos steps must be at least 2 (got {steps})");
        var nodes = new List<double>();
        var weights = new List<double>();
        for (int v = 0; v < starts; v++)
        {
            using var scope = torch.NewDisposeScope();
            var start = torch.randint(0, 2, [hvp.Dimension], dtype: hvp.DType, device: hvp.Device, generator: generator).mul(HeldScalars.Two).sub(HeldScalars.One);
            // Tolerance 0: no early stop, m steps unless the Krylov space is exhausted.
            using var lanczos = Lanczos.Run(hvp, 1, 0, steps, generator, out _, start);
            var ritz = TridiagonalEigen.Of([.. lanczos.Alphas], [.. lanczos.Betas]);
            var first = ritz.Vectors[0].to(float64).data<double>().ToArray();
            for (int i = 0; i < ritz.Values.Length; i++)
            {
                nodes.Add(ritz.Values[i]);
                weights.Add(first[i] * first[i] / starts);
            }
        }
        return new SpectralDensity([.. nodes], [.. weights], starts, steps, hvp.Dimension);
    }
}
