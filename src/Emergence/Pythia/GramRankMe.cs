using Emergence.Measures;
using Emergence.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Pythia;

/// <summary>
/// RankMe of a stack of rows Z [N, d] accumulated without keeping the rows: G = Zᵀ Z is summed in
/// float64 one block at a time, and the singular values of Z are σ_k = √λ_k(G). Memory is d²
/// doubles whatever N. The value is <see cref="RankMe"/> (not centred) of those σ, through the one
/// entropy <see cref="Spectra.EffectiveRank"/>; when N &lt; d the d − N zero eigenvalues would add
/// d − N terms of 1e-7 · ln 1e-7 (as zero singular values of a tall matrix would not), so the value
/// uses only the min(N, d) largest.
/// </summary>
internal sealed class GramRankMe(int dim) : IDisposable
{
    private readonly Tensor _gram = zeros(dim, dim, ScalarType.Float64);
    public long Rows { get; private set; }

    public void Add(Tensor rows)
    {
        if (rows.dim() != 2 || rows.shape[1] != _gram.shape[0])
            throw new ArgumentException($"Rows of shape [{string.Join(", ", rows.shape)}] do not have {_gram.shape[0]} columns.");
        using var scope = NewDisposeScope();
        var z = rows.to_type(ScalarType.Float64);
        _gram.PlusInPlace(matmul(z.t(), z));
        Rows += rows.shape[0];
    }

    public double Compute()
    {
        if (Rows == 0) return double.NaN;
        using var scope = NewDisposeScope();
        var eig = linalg.eigvalsh(_gram).clamp_min(HeldScalars.Zero).flip(0);   // descending
        long k = Math.Min(Rows, _gram.shape[0]);
        return Spectra.EffectiveRank(eig.narrow(0, 0, k).sqrt().data<double>().ToArray());
    }

    public void Dispose() => _gram.Dispose();
}
