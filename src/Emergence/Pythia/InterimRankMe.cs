using static TorchSharp.torch;

namespace Emergence.Pythia;

/// <summary>
/// RankMe (Garrido et al. 2023) of a matrix Z of stacked representations [N, d], used by the
/// Pythia sweep until the shared implementation in <c>Emergence.Measures</c> is available (then
/// replace the calls and delete this file). Z is cast to float64 and not centred;
/// σ = singular values, p_k = σ_k / Σσ + 1e-7, RankMe = exp(−Σ_k p_k ln p_k).
/// </summary>
public static class InterimRankMe
{
    public const double Epsilon = 1e-7;

    public static double Compute(Tensor z)
    {
        if (z.dim() != 2) throw new ArgumentException($"RankMe needs a 2-D matrix (got {z.dim()} dimensions).");
        if (z.shape[0] == 0 || z.shape[1] == 0) return double.NaN;
        using var scope = NewDisposeScope();
        var sigma = linalg.svdvals(z.to_type(ScalarType.Float64));
        double total = sigma.sum().item<double>();
        if (!(total > 0)) return double.NaN;
        var p = sigma / total + Epsilon;
        return Math.Exp(-(p * p.log()).sum().item<double>());
    }
}
