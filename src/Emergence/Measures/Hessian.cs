using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Measures;

/// <summary>The power-iteration check: its Rayleigh quotient, residual ||H v - theta v||, iterations
/// used, whether the residual met the tolerance, and whether it disagrees with Lanczos.</summary>
public sealed record PowerCheck(double Eigenvalue, double Residual, int Iterations, bool Converged, bool Mismatch);

/// <summary>The Hessian at one point: Lanczos' top eigenvalues, the power check, the trace and the loss there.</summary>
public sealed record HessianResult(LanczosResult Lanczos, PowerCheck? Power, TraceEstimate? Trace, double Loss)
{
    /// <summary>The top-k eigenvalues by magnitude, from Lanczos.</summary>
    public double[] TopEigenvalues => Lanczos.Eigenvalues;
}

/// <summary>
/// Curvature of the loss at the current weights from Hessian-vector products only: the top-k
/// eigenvalues to a stated residual tolerance by <see cref="Measures.Lanczos"/>, the trace by
/// <see cref="HessianTrace"/> deflated with the same Lanczos basis (its products are shared), and
/// an independent power-iteration check.
/// <para><b>Power iteration check</b>: from its own random start, v &lt;- H v / ||H v|| until the
/// residual ||H v - theta v|| &lt;= tol |theta| (theta = v . H v) or the budget runs out. It tends to
/// the eigenvalue of largest magnitude, compared with the Lanczos extreme lambda_ext (the top or the
/// most negative Ritz value, whichever is larger in magnitude, residual r_L). Mismatch when
/// (a) |theta| &gt; |lambda_ext| + r_L: a Rayleigh quotient never exceeds the spectral radius, so
/// Lanczos missed a larger-magnitude eigenvalue (valid even when the power check did not converge); or
/// (b) the power check converged and |theta - lambda_ext| &gt; r_P + r_L: the two lie within their
/// residuals of different eigenvalues. The start is random, not a Lanczos vector, so that the check
/// stays independent of the Krylov space it checks (a start from the Lanczos Ritz vector would only
/// repeat the residual test).</para>
/// Warnings: the Hessian is of the loss on one fixed batch, not of the population loss; at an
/// early checkpoint (not a minimum) it has large negative eigenvalues, reported as they are.
/// </summary>
public static class Hessian
{
    /// <summary>Top-k eigenvalues by Lanczos, the power check and the trace of the Hessian of <paramref name="loss"/> in <paramref name="parameters"/>.</summary>
    public static HessianResult Compute(Func<Tensor> loss, IReadOnlyList<Tensor> parameters, HessianOptions options)
    {
        options.Validate();
        using var scope = torch.NewDisposeScope();
        var hvp = new HessianVectorProduct(loss(), parameters);
        var generator = new torch.Generator((ulong)options.Seed, hvp.Device);
        using var lanczos = Measures.Lanczos.Run(hvp, options.TopK, options.LanczosTolerance, options.MaxLanczosIterations, generator, out var top);
        var trace = options.MaxTraceProbes > 0
            ? HessianTrace.Estimate(hvp, lanczos.Basis, lanczos.Products, options.TraceRelativeError, options.MaxTraceProbes, generator)
            : null;
        lanczos.Dispose();
        var power = options.PowerIterations > 0 ? PowerIteration(hvp, top, options.PowerIterations, options.PowerTolerance, generator) : null;
        return new HessianResult(top, power, trace, hvp.Loss);
    }

    /// <summary>Power iteration on H for the largest-magnitude eigenvalue, compared with Lanczos' top Ritz value.</summary>
    public static PowerCheck PowerIteration(HessianVectorProduct hvp, LanczosResult lanczos, int maxIterations, double tolerance,
        torch.Generator generator)
    {
        using var scope = torch.NewDisposeScope();
        var start = torch.randn([hvp.Dimension], dtype: hvp.DType, device: hvp.Device, generator: generator);
        var v = start / start.norm();
        double theta = double.NaN, residual = double.NaN;
        int i = 0;
        bool converged = false;
        while (i < maxIterations && !converged)
        {
            using var step = torch.NewDisposeScope();
            var hv = hvp.Apply(v);
            i++;
            theta = v.dot(hv).ToDouble();
            using var thetaScalar = theta.ToScalar();
            residual = (hv - v.mul(thetaScalar)).norm().ToDouble();
            converged = residual <= tolerance * Math.Abs(theta);
            double norm = hv.norm().ToDouble();
            if (!(norm > 0)) { converged = true; break; }
            var previous = v;
            using var normScalar = norm.ToScalar();
            v = hv.div(normScalar).MoveToOuterDisposeScope();
            previous.Dispose();
        }
        bool negativeDominates = Math.Abs(lanczos.Smallest) > Math.Abs(lanczos.Eigenvalues[0]);
        double extreme = negativeDominates ? lanczos.Smallest : lanczos.Eigenvalues[0];
        double extremeResidual = negativeDominates ? lanczos.SmallestResidual : lanczos.Residuals[0];
        double roundOff = 1e-5 * Math.Abs(extreme);
        bool missed = Math.Abs(theta) > Math.Abs(extreme) + extremeResidual + roundOff;
        bool apart = converged && Math.Abs(theta - extreme) > residual + extremeResidual + roundOff;
        return new PowerCheck(theta, residual, i, converged, missed || apart);
    }
}
