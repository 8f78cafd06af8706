using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Measures;

/// <summary>Eigen-decomposition T = S diag(theta) S^T of the symmetric tridiagonal with diagonal
/// alpha and off-diagonal beta (the first m - 1 of the betas), in float64; theta ascending.</summary>
internal sealed class TridiagonalEigen
{
    public double[] Values { get; }
    /// <summary>S, m x m, column i the eigenvector of theta_i (a tensor of the current dispose scope).</summary>
    public Tensor Vectors { get; }
    /// <summary>max |theta|.</summary>
    public double Scale => Math.Max(Math.Abs(Values[0]), Math.Abs(Values[^1]));

    private TridiagonalEigen(double[] values, Tensor vectors)
    {
        Values = values;
        Vectors = vectors;
    }

    public static TridiagonalEigen Of(IReadOnlyList<double> alphas, IReadOnlyList<double> betas)
    {
        int m = alphas.Count;
        var t = new double[m * m];
        for (int i = 0; i < m; i++)
        {
            t[i * m + i] = alphas[i];
            if (i + 1 < m) t[i * m + i + 1] = t[(i + 1) * m + i] = betas[i];
        }
        var (values, vectors) = torch.linalg.eigh(torch.tensor(t, [m, m], dtype: float64));
        return new TridiagonalEigen(values.data<double>().ToArray(), vectors);
    }

    /// <summary>Indices of the <paramref name="count"/> largest values, largest first.</summary>
    public IEnumerable<int> TopIndices(int count) => Enumerable.Range(0, count).Select(i => Values.Length - 1 - i);

    /// <summary>s_{m,i}, the last component of eigenvector i.</summary>
    public double LastComponent(int i) => Vectors[Values.Length - 1, i].item<double>();
}
