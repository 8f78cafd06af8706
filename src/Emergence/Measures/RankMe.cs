using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Measures;

/// <summary>RankMe and the variants other tools report, for one representation matrix.</summary>
public sealed record RankMeValues(double RankMe, double ErankSquared, double RankMeCentered,
    double ParticipationRatio, double StableRank, double AlphaReq)
{
    /// <summary>(metric name, value) pairs under the names of docs/metrics.md.</summary>
    public IEnumerable<(string Name, double Value)> Named() =>
    [
        ("rankme", RankMe), ("erank_sq", ErankSquared), ("rankme_centered", RankMeCentered),
        ("participation_ratio", ParticipationRatio), ("stable_rank", StableRank), ("alpha_req", AlphaReq),
    ];
}

/// <summary>
/// RankMe (Garrido, Balestriero, Najman and LeCun 2023, "RankMe: Assessing the downstream
/// performance of pretrained self-supervised representations by their rank"), exactly as
/// PROTOCOL §4.1 states it. For Z = N x d hidden states (rows = examples, NOT centred) with
/// singular values s_1..s_min(N,d):
/// <code>
///   p_k    = s_k / sum_j s_j + 1e-7
///   RankMe = exp(-sum_k p_k log p_k)                         (in [1, min(N, d)])
/// </code>
/// Variants, each under its own metric name (lambda_k = eigenvalues of the centred covariance
/// C = Z_c^T Z_c / (N - 1), Z_c = Z minus its column means):
/// <code>
///   erank_sq            = exp(entropy of s_k^2 / sum s_j^2)   (effective rank of Z^T Z; Roy and Vetterli 2007)
///   rankme_centered     = RankMe of Z_c                        (removes the mean direction)
///   participation_ratio = (sum lambda_k)^2 / sum lambda_k^2
///   stable_rank         = ||Z||_F^2 / ||Z||_2^2 = sum s_k^2 / s_1^2   (uncentred)
///   alpha_req           = alpha of lambda_k ~ k^-alpha (Agrawal et al. 2022, alpha-ReQ), fitted by
///                         weighted least squares of log lambda_k on log k with weights 1/k (each
///                         octave of ranks weighs the same), over lambda_k > 1e-12 lambda_1
/// </code>
/// Warnings: RankMe is not invariant to a shift of the representations (a large common mean
/// makes one singular value dominate and RankMe small: compare rankme_centered); it is bounded
/// by min(N, d), so with N = 200 examples a wide model cannot score above 200; it is invariant
/// to scaling Z and to rotating it (Z Q, Q orthogonal). Spectra are computed in float64.
/// </summary>
public static class RankMe
{
    public static double Compute(Tensor z) => Spectra.EffectiveRank(Spectra.SingularValues(z));

    public static RankMeValues ComputeAll(Tensor z)
    {
        if (z.dim() != 2 || z.shape[0] < 2) throw new ArgumentException($"RankMe needs a matrix with at least 2 rows, got shape [{string.Join(", ", z.shape)}]");
        using var scope = torch.NewDisposeScope();
        var z64 = z.detach().to(float64);
        var s = Spectra.SingularValues(z64);
        var centred = z64 - z64.mean([0], keepdim: true);
        var sc = Spectra.SingularValues(centred);
        long n = z.shape[0];
        var lambda = sc.Select(x => x * x / (n - 1)).ToArray();
        double sumSq = s.Sum(x => x * x);
        double lambdaSum = lambda.Sum(), lambdaSq = lambda.Sum(x => x * x);
        return new RankMeValues(
            RankMe: Spectra.EffectiveRank(s),
            ErankSquared: Spectra.EffectiveRank(s.Select(x => x * x)),
            RankMeCentered: Spectra.EffectiveRank(sc),
            ParticipationRatio: lambdaSq > 0 ? lambdaSum * lambdaSum / lambdaSq : double.NaN,
            StableRank: s.Length > 0 && s[0] > 0 ? sumSq / (s[0] * s[0]) : double.NaN,
            AlphaReq: PowerLawDecay(lambda));
    }

    /// <summary>
    /// alpha of lambda_k ~ C k^-alpha by weighted least squares on (log k, log lambda_k), weights
    /// 1/k; eigenvalues below 1e-12 of the largest are left out. NaN with fewer than 3 usable values.
    /// </summary>
    public static double PowerLawDecay(IReadOnlyList<double> descending)
    {
        if (descending.Count == 0 || !(descending[0] > 0)) return double.NaN;
        double floor = descending[0] * 1e-12;
        double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        int used = 0;
        for (int i = 0; i < descending.Count; i++)
        {
            if (!(descending[i] > floor)) break;
            double k = i + 1, w = 1.0 / k, x = Math.Log(k), y = Math.Log(descending[i]);
            sw += w; sx += w * x; sy += w * y; sxx += w * x * x; sxy += w * x * y;
            used++;
        }
        if (used < 3) return double.NaN;
        double slope = (sw * sxy - sx * sy) / (sw * sxx - sx * sx);
        return -slope;
    }
}
