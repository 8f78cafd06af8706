using MathNet.Numerics.LinearAlgebra;

namespace Emergence.Pythia.SweepAnalysis;

/// <summary>Hyper-parameter grid and noise of <see cref="GaussianProcess.Fit"/>.</summary>
/// <param name="LengthScales">Candidate ℓ, in the units of x (log10(step + 1) for Pythia).</param>
/// <param name="SignalVariances">Candidate σ², in units of the standardised series (variance 1).</param>
/// <param name="NoiseVariance">Fixed σ_n², in units of the standardised series.</param>
public sealed record GpSettings(IReadOnlyList<double> LengthScales, IReadOnlyList<double> SignalVariances, double NoiseVariance)
{
    /// <summary>
    /// Default: ℓ on 16 geometric steps from 0.02 to 3 decades (finer than the densest checkpoint
    /// spacing of interest, up to smoother than the whole 0..5.2 range), σ² ∈ {0.1, 0.3, 1, 3, 10} (the
    /// series is standardised, so 1 is the natural scale), σ_n² = 1e-6 (noise s.d. 0.1% of the series'
    /// s.d.: the GP interpolates the measurements rather than smoothing them; it is a jitter that keeps
    /// the covariance of the dense linear-phase checkpoints well conditioned).
    /// </summary>
    public static GpSettings Default { get; } = new(
        [.. Enumerable.Range(0, 16).Select(i => 0.02 * Math.Pow(3 / 0.02, i / 15.0))],
        [0.1, 0.3, 1, 3, 10],
        1e-6);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad value and what is allowed.</summary>
    public GpSettings Validate()
    {
        if (LengthScales.Count == 0 || LengthScales.Any(v => !(v > 0) || double.IsInfinity(v)))
            throw new ArgumentException($"GP length scales must be a non-empty list of positive numbers (got [{string.Join(", ", LengthScales)}]).");
        if (SignalVariances.Count == 0 || SignalVariances.Any(v => !(v > 0) || double.IsInfinity(v)))
            throw new ArgumentException($"GP signal variances must be a non-empty list of positive numbers (got [{string.Join(", ", SignalVariances)}]).");
        if (!(NoiseVariance > 0) || double.IsInfinity(NoiseVariance)) throw new ArgumentException($"--gp-noise must be positive (got {NoiseVariance}).");
        return this;
    }
}

/// <summary>
/// Gaussian-process regression with a <see cref="MaternKernel"/> and a constant mean.
/// <para>
/// The targets are standardised, z_i = (y_i − ȳ)/s_y (s_y = 1 when the series is constant), and modelled
/// as z = f(x) + ε, f ~ GP(0, k), ε ~ N(0, σ_n²). With K_ij = k(|x_i − x_j|) + σ_n² δ_ij = L Lᵀ (Cholesky)
/// and α = K⁻¹ z, the log marginal likelihood is
/// log p(z | ℓ, σ²) = −½ zᵀα − Σ_i log L_ii − (n/2) log 2π,
/// maximised over the grid of (ℓ, σ²) (type-II maximum likelihood; ties keep the first, i.e. the shorter ℓ).
/// The posterior mean at x* is μ(x*) = ȳ + s_y Σ_i k(|x* − x_i|) α_i.
/// </para>
/// </summary>
internal sealed class GaussianProcess
{
    private readonly double[] _x;
    private readonly double[] _alpha;
    private readonly double _mean, _scale;

    public MaternKernel Kernel { get; }
    public double NoiseVariance { get; }
    /// <summary>Log marginal likelihood of the standardised targets at the chosen hyper-parameters.</summary>
    public double LogMarginalLikelihood { get; }

    private GaussianProcess(double[] x, double[] alpha, double mean, double scale, MaternKernel kernel, double noise, double lml)
    {
        _x = x;
        _alpha = alpha;
        _mean = mean;
        _scale = scale;
        Kernel = kernel;
        NoiseVariance = noise;
        LogMarginalLikelihood = lml;
    }

    /// <summary>Fits the GP at every grid point of <paramref name="settings"/> and keeps the most likely.</summary>
    public static GaussianProcess Fit(IReadOnlyList<double> x, IReadOnlyList<double> y, GpSettings? settings = null)
    {
        settings ??= GpSettings.Default;
        if (x.Count != y.Count) throw new ArgumentException($"GP fit: {x.Count} inputs but {y.Count} targets.");
        if (x.Count < 2) throw new ArgumentException($"GP fit needs at least 2 points (got {x.Count}).");
        if (x.Concat(y).Any(v => !double.IsFinite(v))) throw new ArgumentException("GP fit: inputs and targets must be finite.");
        settings.Validate();
        double mean = y.Average();
        double sd = Math.Sqrt(y.Sum(v => (v - mean) * (v - mean)) / y.Count);
        double scale = sd > 1e-12 * Math.Max(1, Math.Abs(mean)) ? sd : 1;
        var z = Vector<double>.Build.Dense([.. y.Select(v => (v - mean) / scale)]);
        var xs = x.ToArray();
        GaussianProcess? best = null;
        foreach (var ell in settings.LengthScales)
            foreach (var variance in settings.SignalVariances)
            {
                var kernel = new MaternKernel(ell, variance);
                var k = Matrix<double>.Build.Dense(xs.Length, xs.Length, (i, j) => kernel.At(xs[i] - xs[j]) + (i == j ? settings.NoiseVariance : 0));
                MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double> chol;
                try
                {
                    chol = k.Cholesky();
                }
                catch (ArgumentException)
                {
                    continue; // not positive definite in floating point: skip this grid point
                }
                var alpha = chol.Solve(z);
                double logDet = 0;
                for (int i = 0; i < xs.Length; i++) logDet += Math.Log(chol.Factor[i, i]);
                double lml = -0.5 * z.DotProduct(alpha) - logDet - 0.5 * xs.Length * Math.Log(2 * Math.PI);
                if (double.IsFinite(lml) && (best is null || lml > best.LogMarginalLikelihood))
                    best = new GaussianProcess(xs, alpha.ToArray(), mean, scale, kernel, settings.NoiseVariance, lml);
            }
        return best ?? throw new ArgumentException("GP fit: the covariance matrix is not positive definite at any grid point.");
    }

    /// <summary>Posterior mean μ(x*).</summary>
    public double Predict(double x)
    {
        double s = 0;
        for (int i = 0; i < _x.Length; i++) s += Kernel.At(x - _x[i]) * _alpha[i];
        return _mean + _scale * s;
    }

    public double[] Predict(IReadOnlyList<double> x) => [.. x.Select(Predict)];

    /// <summary>N points evenly spaced from <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    public static double[] UniformGrid(double from, double to, int count)
    {
        if (count < 2) throw new ArgumentException($"--grid must be at least 2 (got {count}).");
        return [.. Enumerable.Range(0, count).Select(i => i == count - 1 ? to : from + (to - from) * i / (count - 1))];
    }
}
