using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Measures;

/// <summary>Ritz pairs of a Lanczos run: the top-k values (descending) and the smallest, each with
/// its true residual ||H y - theta y|| (y a unit Ritz vector) and whether that residual is within
/// the tolerance times <see cref="Scale"/> (the largest |Ritz value|).</summary>
public sealed record LanczosResult(double[] Eigenvalues, double[] Residuals, bool[] Converged,
    double Smallest, double SmallestResidual, int Iterations, double Scale)
{
    /// <summary>Whether every reported Ritz pair met the tolerance.</summary>
    public bool AllConverged => Converged.All(c => c);
}

/// <summary>
/// Top-k eigenvalues of a symmetric operator to a stated tolerance (Lanczos 1950; Paige 1972 for
/// the residual bound; Golub and Van Loan, Matrix Computations §10.1). From a random unit q_1:
/// <code>
///   w = H q_j - beta_{j-1} q_{j-1};  alpha_j = q_j . w;  w -= alpha_j q_j;
///   w -= Q (Q^T w)  (full reorthogonalisation against every earlier q, done twice);
///   beta_j = ||w||;  q_{j+1} = w / beta_j
/// </code>
/// With T_m = S diag(theta) S^T (the tridiagonal of the alphas and betas), the Ritz pair
/// (theta_i, y_i = Q_m s_i) has residual ||H y_i - theta_i y_i|| = |beta_m s_{m,i}| in exact
/// arithmetic, and some eigenvalue of H lies within that residual of theta_i. The run stops when
/// every top-k estimate is at most tol * max|theta|, then checks the true residuals from the stored
/// products H q_j (H y_i = sum_j s_ij H q_j, no further products) and goes on if they fail, until
/// the iteration budget. Vectors are kept in the parameters' dtype; the basis Q and the products
/// H Q are kept for the trace (<see cref="HessianTrace"/>). Limitation (of any single-vector
/// Krylov method): an eigenvalue whose eigenvector is orthogonal to the start, or a multiple
/// eigenvalue's extra copies, is not found; converged residuals do not exclude it.
/// </summary>
public sealed class Lanczos : IDisposable
{
    private Tensor _basis;
    private Tensor _products;

    private int _rows;

    /// <summary>Iterations done, i.e. Hessian-vector products used.</summary>
    public int Iterations { get; private set; }
    /// <summary>The orthonormal Krylov basis Q_m as rows (m x n).</summary>
    public Tensor Basis => _basis.narrow(0, 0, Iterations);
    /// <summary>The products H q_j as rows (m x n).</summary>
    public Tensor Products => _products.narrow(0, 0, Iterations);
    /// <summary>The tridiagonal T_m: its diagonal alpha_1..alpha_m.</summary>
    public IReadOnlyList<double> Alphas => _alphas;
    /// <summary>Its off-diagonal beta_1..beta_(m-1) (and beta_m, the norm of the next residual).</summary>
    public IReadOnlyList<double> Betas => _betas;
    private readonly List<double> _alphas = [];
    private readonly List<double> _betas = [];

    /// <summary>Both buffers are reserved at the full budget but left uninitialised (<c>empty</c>,
    /// not <c>zeros</c>): the operating system commits a page only when a row is first written, so
    /// the resident memory is that of the rows used, with no copy when the run goes on. Rows past
    /// <see cref="Iterations"/> are never read.</summary>
    private Lanczos(long capacity, long n, ScalarType dtype, Device device)
    {
        _basis = torch.empty([capacity, n], dtype: dtype, device: device).DetachFromDisposeScope();
        _products = torch.empty([capacity, n], dtype: dtype, device: device).DetachFromDisposeScope();
    }

    /// <summary>Runs to convergence of the top <paramref name="k"/> or the budget; the start is
    /// <paramref name="start"/> (normalised) when given, else a Gaussian draw from the generator.</summary>
    public static Lanczos Run(HessianVectorProduct hvp, int k, double tolerance, int maxIterations, torch.Generator generator,
        out LanczosResult result, Tensor? start = null)
    {
        long n = hvp.Dimension;
        int cap = (int)Math.Min(maxIterations, n);
        int wanted = Math.Min(k, cap);
        var lanczos = new Lanczos(cap, n, hvp.DType, hvp.Device);
        try
        {
            result = Iterate(lanczos, hvp, cap, wanted, tolerance, generator, start);
        }
        catch
        {
            lanczos.Dispose();
            throw;
        }
        return lanczos;
    }

    private static LanczosResult Iterate(Lanczos lanczos, HessianVectorProduct hvp, int cap, int wanted, double tolerance, torch.Generator generator,
        Tensor? start)
    {
        var alphas = lanczos._alphas;
        var betas = lanczos._betas;
        LanczosResult? result = null;
        int nextVerification = 0;
        using var scope = torch.NewDisposeScope();
        start = start is null ? torch.randn([hvp.Dimension], dtype: hvp.DType, device: hvp.Device, generator: generator) : start.to(hvp.DType, hvp.Device);
        if (start.shape.Length != 1 || start.shape[0] != hvp.Dimension)
            throw new ArgumentException($"Lanczos start has shape [{string.Join(", ", start.shape)}], expected [{hvp.Dimension}]");
        lanczos.Append(start / start.norm());
        for (int j = 0; j < cap; j++)
        {
            using var step = torch.NewDisposeScope();
            var q = lanczos._basis[j];
            var hq = lanczos._products[j];
            hq.copy_(hvp.Apply(q));
            lanczos.Iterations = j + 1;
            Tensor w;
            if (j > 0)
            {
                using var previousBeta = betas[j - 1].ToScalar();
                w = hq - lanczos._basis[j - 1].mul(previousBeta);
            }
            else w = hq.clone();
            double alpha = q.dot(w).ToDouble();
            alphas.Add(alpha);
            using var alphaScalar = alpha.ToScalar();
            w.sub_(q.mul(alphaScalar));
            var active = lanczos.Basis;
            for (int pass = 0; pass < 2; pass++) w.sub_(active.t().matmul(active.matmul(w)));
            double beta = w.norm().ToDouble();
            betas.Add(beta);
            int m = j + 1;
            bool exhausted = beta <= 1e-10 * hq.norm().ToDouble();
            if (m >= wanted)
            {
                var ritz = TridiagonalEigen.Of(alphas, betas);
                bool estimatesPass = ritz.TopIndices(wanted).All(i => Math.Abs(beta * ritz.LastComponent(i)) <= tolerance * ritz.Scale);
                bool last = exhausted || m == cap;
                if (last || (estimatesPass && m >= nextVerification))
                {
                    result = lanczos.Verify(ritz, wanted, tolerance);
                    if (last || result.AllConverged) break;
                    nextVerification = m + 5;
                }
            }
            using var betaScalar = beta.ToScalar();
            lanczos.Append(w.div(betaScalar));
        }
        return result!;
    }

    private void Append(Tensor q)
    {
        _basis[_rows].copy_(q);
        _rows++;
    }

    /// <summary>True residuals of the top-k and the smallest Ritz pairs from the stored products.</summary>
    private LanczosResult Verify(TridiagonalEigen ritz, int wanted, double tolerance)
    {
        using var scope = torch.NewDisposeScope();
        int[] chosen = [.. ritz.TopIndices(wanted), 0];
        var s = ritz.Vectors.index_select(1, torch.tensor(chosen.Select(i => (long)i).ToArray())).to(_basis.dtype).to(_basis.device);
        var y = s.t().matmul(Basis);
        var hy = s.t().matmul(Products);
        var theta = torch.tensor(chosen.Select(i => ritz.Values[i]).ToArray(), dtype: _basis.dtype, device: _basis.device).unsqueeze(1);
        var residuals = ((hy - theta * y).norm(1) / y.norm(1)).to(float64).data<double>().ToArray();
        var top = residuals.Take(wanted).ToArray();
        return new LanczosResult([.. chosen.Take(wanted).Select(i => ritz.Values[i])], top,
            [.. top.Select(r => r <= tolerance * ritz.Scale)], ritz.Values[0], residuals[wanted], Iterations, ritz.Scale);
    }

    /// <summary>Frees the basis and product tensors.</summary>
    public void Dispose()
    {
        _basis.Dispose();
        _products.Dispose();
    }
}
