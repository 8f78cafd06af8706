using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Measures;

/// <summary>Settings of the Hessian measure. Defaults: PROTOCOL §4.4.</summary>
public sealed record HessianOptions
{
    /// <summary>Number of top eigenvalues reported (the paper: 20).</summary>
    public int TopK { get; init; } = 20;
    /// <summary>Lanczos iterations; 0 = max(2 TopK, TopK + 20), capped at the dimension.</summary>
    public int LanczosIterations { get; init; }
    public int PowerIterations { get; init; } = 30;
    public double PowerTolerance { get; init; } = 1e-4;
    /// <summary>Rademacher probes for the Hutchinson trace (0 = skip the trace).</summary>
    public int TraceProbes { get; init; } = 30;
    /// <summary>Training examples in the fixed batch, drawn from <see cref="BatchSeed"/>.</summary>
    public int BatchSize { get; init; } = 256;
    public ulong BatchSeed { get; init; } = 20260204;
    public long Seed { get; init; } = 4321;
}

public sealed record HessianResult(double[] TopEigenvalues, double PowerEigenvalue, int PowerIterationsUsed,
    double Trace, double TraceStandardError, int LanczosIterations, double Loss);

/// <summary>
/// Curvature of the loss at the current weights from Hessian-vector products only.
/// <para><b>Top-k eigenvalues, Lanczos</b> (Lanczos 1950; as in PyHessian, Yao et al. 2020): from a
/// random unit q_1, build the Krylov basis with
/// <code>
///   w = H q_j - beta_{j-1} q_{j-1};  alpha_j = q_j . w;  w -= alpha_j q_j;
///   w -= Q (Q^T w)  (full reorthogonalisation against every earlier q, done twice);
///   beta_j = ||w||;  q_{j+1} = w / beta_j
/// </code>
/// The eigenvalues of the tridiagonal T = tridiag(beta, alpha, beta) (Ritz values) approximate
/// the extreme eigenvalues of H; the k largest are reported. With m iterations the top Ritz
/// values converge first; m = max(2k, k + 20) by default. Vectors are kept in float64.</para>
/// <para><b>Power iteration check</b>: v <- H v / ||H v|| until the Rayleigh quotient changes by less
/// than a relative tolerance; it converges to the eigenvalue of largest <i>magnitude</i>, which
/// equals the top Lanczos value unless the most negative eigenvalue is larger in magnitude.</para>
/// <para><b>Trace, Hutchinson</b> (1989): tr H = E[z^T H z] for Rademacher z (entries +-1); the
/// estimate is the mean over m probes and its standard error the sample std / sqrt(m).</para>
/// Warnings: the Hessian is of the loss on one fixed batch, not of the population loss; at an
/// early checkpoint (not a minimum) it has large negative eigenvalues, reported as they are.
/// </summary>
public static class Hessian
{
    public static HessianResult Compute(Func<Tensor> loss, IReadOnlyList<Tensor> parameters, HessianOptions options)
    {
        if (options.TopK <= 0) throw new ArgumentException($"Hessian top-k must be positive (got {options.TopK}).");
        using var scope = torch.NewDisposeScope();
        var hvp = new HessianVectorProduct(loss(), parameters);
        var device = parameters[0].device;
        var generator = new torch.Generator((ulong)options.Seed, device);
        var top = TopEigenvalues(hvp, options.TopK, options.LanczosIterations, generator, device, out int m);
        var (power, iterations) = PowerIteration(hvp, options.PowerIterations, options.PowerTolerance, generator, device);
        var (trace, se) = options.TraceProbes > 0 ? HutchinsonTrace(hvp, options.TraceProbes, generator, device) : (double.NaN, double.NaN);
        return new HessianResult(top, power, iterations, trace, se, m, hvp.Loss);
    }

    public static double[] TopEigenvalues(HessianVectorProduct hvp, int k, int iterations, torch.Generator generator, Device device, out int used)
    {
        long n = hvp.Dimension;
        int m = iterations > 0 ? iterations : Math.Max(2 * k, k + 20);
        m = (int)Math.Min(m, n);
        used = m;
        var alphas = new List<double>();
        var betas = new List<double>();
        using var scope = torch.NewDisposeScope();
        var basis = torch.zeros([m, n], dtype: float64, device: device);
        var start = torch.randn([n], dtype: float64, device: device, generator: generator);
        var q = (start / start.norm()).DetachFromDisposeScope();
        Tensor? previous = null;
        double beta = 0;
        for (int j = 0; j < m; j++)
        {
            using var step = torch.NewDisposeScope();
            basis[j].copy_(q);
            var w = hvp.Apply(q);
            if (previous is not null) w = w - beta * previous;
            double alpha = q.dot(w).item<double>();
            alphas.Add(alpha);
            w = w - alpha * q;
            var active = basis.narrow(0, 0, j + 1);
            for (int pass = 0; pass < 2; pass++) w = w - active.t().matmul(active.matmul(w));
            beta = w.norm().item<double>();
            if (j == m - 1) break;
            if (beta < 1e-10 * Math.Max(1, Math.Abs(alpha)))
            {
                // Invariant subspace found: the Ritz values so far are exact eigenvalues.
                break;
            }
            betas.Add(beta);
            // Only q_{j-1} and q_j stay alive between iterations (the basis holds copies).
            previous?.Dispose();
            previous = q.DetachFromDisposeScope();
            q = (w / beta).DetachFromDisposeScope();
        }
        previous?.Dispose();
        q.Dispose();
        int size = alphas.Count;
        var t = new double[size, size];
        for (int i = 0; i < size; i++)
        {
            t[i, i] = alphas[i];
            if (i + 1 < size) t[i, i + 1] = t[i + 1, i] = betas[i];
        }
        var ritz = Spectra.SymmetricEigenvalues(t);
        return [.. ritz.Take(Math.Min(k, ritz.Length))];
    }

    public static (double Eigenvalue, int Iterations) PowerIteration(HessianVectorProduct hvp, int maxIterations, double tolerance,
        torch.Generator generator, Device device)
    {
        using var scope = torch.NewDisposeScope();
        var start = torch.randn([hvp.Dimension], dtype: float64, device: device, generator: generator);
        var v = (start / start.norm()).DetachFromDisposeScope();
        double eigenvalue = double.NaN;
        for (int i = 1; i <= maxIterations; i++)
        {
            using var step = torch.NewDisposeScope();
            var hv = hvp.Apply(v);
            double next = v.dot(hv).item<double>();
            double norm = hv.norm().item<double>();
            if (!(norm > 0)) { v.Dispose(); return (0, i); }
            v.Dispose();
            v = (hv / norm).DetachFromDisposeScope();
            if (i > 1 && Math.Abs(next - eigenvalue) <= tolerance * Math.Abs(next)) { v.Dispose(); return (next, i); }
            eigenvalue = next;
        }
        v.Dispose();
        return (eigenvalue, maxIterations);
    }

    public static (double Trace, double StandardError) HutchinsonTrace(HessianVectorProduct hvp, int probes, torch.Generator generator, Device device)
    {
        var samples = new double[probes];
        for (int i = 0; i < probes; i++)
        {
            using var step = torch.NewDisposeScope();
            var z = torch.randint(0, 2, [hvp.Dimension], dtype: float64, device: device, generator: generator) * 2 - 1;
            samples[i] = z.dot(hvp.Apply(z)).item<double>();
        }
        double mean = samples.Average();
        double se = probes > 1 ? Math.Sqrt(samples.Sum(x => (x - mean) * (x - mean)) / (probes - 1) / probes) : double.NaN;
        return (mean, se);
    }
}
