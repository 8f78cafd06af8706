using TorchSharp;
using static TorchSharp.torch;
using Emergence.Storage;

namespace Emergence.Measures;

/// <summary>
/// RankMe and the variants other tools report, for one representation matrix Z [N, d].
/// <see cref="NumericalRank"/> counts the singular values of Z above <see cref="RankMe.NoiseFloor"/>;
/// at most 1 means every row is a multiple of one vector (e.g. the embedding output at the last
/// prompt token of a task-level whose prompts all have one length): Z is degenerate, and the
/// centred variants are undefined (NaN here, never stored: see <see cref="Named"/>).
/// </summary>
public sealed record RankMeValues(double RankMe, double ErankSquared, double RankMeCentered,
    double ParticipationRatio, double StableRank, double AlphaReq, int NumericalRank, int AlphaReqFitPoints)
{
    /// <summary>At most one singular value above the noise floor: the centred variants are undefined.</summary>
    public bool Degenerate => NumericalRank <= 1;

    /// <summary>
    /// (metric name, value) pairs under the names of docs/metrics.md. A degenerate Z gives the
    /// flag <c>rankme_degenerate</c> = 1 in place of its centred variants; <c>alpha_req</c> is left
    /// out when fewer than 3 eigenvalues lie above the noise floor (<c>alpha_req_fit_points</c>
    /// says how many did). No NaN is ever returned.
    /// </summary>
    public IEnumerable<(string Name, double Value)> Named()
    {
        var all = new List<(string Name, double Value)> { (MetricNames.RankMe, RankMe), (MetricNames.ErankSquared, ErankSquared), (MetricNames.StableRank, StableRank) };
        if (Degenerate) all.Add((MetricNames.RankMeDegenerate, 1));
        else
        {
            all.Add((MetricNames.RankMeCentered, RankMeCentered));
            all.Add((MetricNames.ParticipationRatio, ParticipationRatio));
            all.Add((MetricNames.AlphaReq, AlphaReq));
            all.Add((MetricNames.AlphaReqFitPoints, AlphaReqFitPoints));
        }
        return all.Where(p => double.IsFinite(p.Value));
    }
}

/// <summary>
/// RankMe (Garrido, Balestriero, Najman and LeCun 2023, "RankMe: Assessing the downstream
/// performance of pretrained self-supervised representations by their rank"), exactly as
/// PROTOCOL §4.1 states it: for Z = N x d hidden states (rows = examples, NOT centred) with
/// singular values s_1..s_min(N,d), RankMe = erank(s) with erank the effective rank of
/// <see cref="Spectra.EffectiveRank"/> (RankMe's entropy with its 1e-7), in [1, min(N, d)].
/// Variants, each under its own metric name (lambda_k = eigenvalues of the centred covariance
/// C = Z_c^T Z_c / (N - 1), Z_c = Z minus its column means):
/// <code>
///   erank_sq            = erank(s_k^2)                          (effective rank of Z^T Z; Roy and Vetterli 2007)
///   rankme_centered     = RankMe of Z_c                        (removes the mean direction)
///   participation_ratio = (sum lambda_k)^2 / sum lambda_k^2
///   stable_rank         = ||Z||_F^2 / ||Z||_2^2 = sum s_k^2 / s_1^2   (uncentred)
///   alpha_req           = alpha of lambda_k ~ k^-alpha (Agrawal et al. 2022, alpha-ReQ), fitted by
///                         weighted least squares of log lambda_k on log k with weights 1/k (each
///                         octave of ranks weighs the same), over the lambda_k above the noise floor
/// </code>
/// Noise floor: Z comes from a float32 forward pass, so it is the exact Z plus an error E. Measured
/// against a float64 forward pass (nano, both blocks), ||E||_2 &lt;= 0.9 eps32 ||Z||_F, eps32 = 2^-23.
/// By Weyl's inequality every singular value of Z (and of Z_c) moves by at most ||E||_2, so singular
/// values below tau = 10 eps32 ||Z||_F are not resolved to better than ~10 %, and the fit keeps only
/// <code>
///   lambda_k > tau^2 / (N - 1),    tau = 10 * eps32 * ||Z||_F     (||Z||_F of the uncentred Z)
/// </code>
/// (a fixed 1e-12 lambda_1 cut-off let float32 round-off into the tail of the fit). The numerical
/// rank of Z is the number of s_k above tau.
/// Warnings: RankMe is not invariant to a shift of the representations (a large common mean
/// makes one singular value dominate and RankMe small: compare rankme_centered); it is bounded
/// by min(N, d), so with N = 200 examples a wide model cannot score above 200; it is invariant
/// to scaling Z and to rotating it (Z Q, Q orthogonal). Spectra are computed in float64.
/// </summary>
public static class RankMe
{
    /// <summary>Relative precision of a float32 forward pass: eps32 = 2^-23.</summary>
    public const double Float32Epsilon = 1.1920928955078125e-7;

    /// <summary>Safety factor over the measured float32 error of the representations (see the class comment).</summary>
    public const double NoiseFactor = 10;

    /// <summary>RankMe of Z alone.</summary>
    public static double Compute(Tensor z) => Spectra.EffectiveRank(Spectra.SingularValues(z));

    /// <summary>tau = 10 eps32 ||Z||_F: singular values below it are float32 round-off.</summary>
    public static double NoiseFloor(IReadOnlyList<double> singularValues) =>
        NoiseFactor * Float32Epsilon * Math.Sqrt(singularValues.Sum(x => x * x));

    /// <summary>RankMe and every variant of Z = [N, d] (N at least 2), in float64.</summary>
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
        double tau = NoiseFloor(s);
        var (alpha, points) = PowerLawDecay(lambda, tau * tau / (n - 1));
        return new RankMeValues(
            RankMe: Spectra.EffectiveRank(s),
            ErankSquared: Spectra.EffectiveRank(s.Select(x => x * x)),
            RankMeCentered: Spectra.EffectiveRank(sc),
            ParticipationRatio: lambdaSq > 0 ? lambdaSum * lambdaSum / lambdaSq : double.NaN,
            StableRank: s.Length > 0 && s[0] > 0 ? sumSq / (s[0] * s[0]) : double.NaN,
            AlphaReq: alpha,
            NumericalRank: s.Count(x => x > tau),
            AlphaReqFitPoints: points);
    }

    /// <summary>
    /// alpha of lambda_k ~ C k^-alpha by weighted least squares on (log k, log lambda_k), weights
    /// 1/k, over the leading eigenvalues above <paramref name="floor"/> (absolute). Returns the
    /// fit and the number of eigenvalues it used; alpha is NaN with fewer than 3.
    /// </summary>
    public static (double Alpha, int Points) PowerLawDecay(IReadOnlyList<double> descending, double floor)
    {
        double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        int used = 0;
        for (int i = 0; i < descending.Count; i++)
        {
            if (!(descending[i] > floor) || !(descending[i] > 0)) break;
            double k = i + 1, w = 1.0 / k, x = Math.Log(k), y = Math.Log(descending[i]);
            sw += w; sx += w * x; sy += w * y; sxx += w * x * x; sxy += w * x * y;
            used++;
        }
        if (used < 3) return (double.NaN, used);
        double slope = (sw * sxy - sx * sy) / (sw * sxx - sx * sx);
        return (-slope, used);
    }
}
