using TorchSharp;
using static TorchSharp.torch;
using Emergence.Models;

namespace Emergence.Measures;

/// <summary>
/// Spectral helpers shared by the measures, all in float64.
/// <para>
/// Effective rank (Roy and Vetterli 2007, as RankMe uses it, Garrido et al. 2023), the one
/// definition every RankMe, Fisher and gradient-covariance value of the project goes through:
/// <code>
///   p_k = v_k / sum_j v_j + 1e-7        (v_k >= 0; negative round-off is clamped to 0)
///   erank(v) = exp(-sum_k p_k log p_k)
/// </code>
/// The 1e-7 is RankMe's; it makes log defined for zero values and, with many values, adds a
/// small bias (N * 1e-7 * log(1e-7) to the entropy): for N = 200 values it is below 0.04 %.
/// </para>
/// </summary>
internal static class Spectra
{
    public const double RankMeEpsilon = 1e-7;

    /// <summary>Effective rank of non-negative values (singular values or eigenvalues). NaN when all are zero.</summary>
    public static double EffectiveRank(IEnumerable<double> values)
    {
        var v = values.Select(x => Math.Max(0, x)).ToArray();
        double sum = v.Sum();
        if (!(sum > 0) || double.IsInfinity(sum)) return double.NaN;
        double entropy = 0;
        foreach (var x in v)
        {
            double p = x / sum + RankMeEpsilon;
            entropy -= p * Math.Log(p);
        }
        return Math.Exp(entropy);
    }

    /// <summary>Singular values of a matrix [N, d], computed in float64, descending.</summary>
    public static double[] SingularValues(Tensor matrix)
    {
        if (matrix.dim() != 2) throw new ArgumentException($"expected a matrix, got shape [{string.Join(", ", matrix.shape)}]");
        using var scope = torch.NewDisposeScope();
        var s = torch.linalg.svdvals(matrix.detach().to(float64).cpu());
        return s.data<double>().ToArray();
    }

    /// <summary>Eigenvalues of a symmetric matrix, computed in float64, descending.</summary>
    public static double[] SymmetricEigenvalues(Tensor matrix)
    {
        if (matrix.dim() != 2 || matrix.shape[0] != matrix.shape[1])
            throw new ArgumentException($"expected a square matrix, got shape [{string.Join(", ", matrix.shape)}]");
        using var scope = torch.NewDisposeScope();
        var m = matrix.detach().to(float64).cpu();
        using var half = 0.5.ToScalar();
        var e = torch.linalg.eigvalsh(m.Plus(m.t()).mul(half));
        var values = e.data<double>().ToArray();
        Array.Reverse(values);
        return values;
    }

    /// <summary>Eigenvalues of a symmetric matrix given as rows, descending.</summary>
    public static double[] SymmetricEigenvalues(double[,] matrix)
    {
        int n = matrix.GetLength(0);
        var flat = new double[n * n];
        Buffer.BlockCopy(matrix, 0, flat, 0, flat.Length * sizeof(double));
        using var scope = torch.NewDisposeScope();
        return SymmetricEigenvalues(torch.tensor(flat, [n, n], dtype: float64));
    }

    /// <summary>
    /// The centring projection applied to a Gram matrix: K_c = H K H with H = I - 11^T/N. The
    /// non-zero eigenvalues of K_c are those of (N - 1) times the covariance of the rows.
    /// </summary>
    public static Tensor CentreGram(Tensor gram)
    {
        var rowMean = gram.mean([0], keepdim: true);
        var colMean = gram.mean([1], keepdim: true);
        return (gram - rowMean - colMean).Plus(gram.mean());
    }
}
