using Emergence.Measures;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Tests.Measures;

public class RankMeTests
{
    /// <summary>Z = U diag(s) V^T with random orthogonal U (N x r) and V (d x r).</summary>
    private static Tensor WithSingularValues(double[] s, int n, int d, long seed)
    {
        torch.manual_seed(seed);
        var (u, _) = torch.linalg.qr(torch.randn(n, s.Length, dtype: float64));
        var (v, _) = torch.linalg.qr(torch.randn(d, s.Length, dtype: float64));
        return u.matmul(torch.diag(torch.tensor(s, dtype: float64))).matmul(v.t());
    }

    /// <summary>The formula over all min(N, d) singular values, the zero ones included.</summary>
    private static double Expected(double[] nonZero, int count)
    {
        var s = nonZero.Concat(Enumerable.Repeat(0.0, count - nonZero.Length)).ToArray();
        double sum = s.Sum(), h = 0;
        foreach (var x in s) { var p = x / sum + 1e-7; h -= p * Math.Log(p); }
        return Math.Exp(h);
    }

    [Fact]
    public void Equal_singular_values_give_their_count()
    {
        using var scope = torch.NewDisposeScope();
        var z = WithSingularValues([3, 3, 3, 3, 3], 50, 20, 1);
        Assert.Equal(Expected([3, 3, 3, 3, 3], 20), RankMe.Compute(z), 9);
        Assert.Equal(5.0, RankMe.Compute(z), 3);
    }

    [Fact]
    public void Known_spectrum_matches_the_formula()
    {
        using var scope = torch.NewDisposeScope();
        double[] s = [10, 5, 2, 1, 0.5, 0.1];
        var z = WithSingularValues(s, 40, 12, 2);
        Assert.Equal(Expected(s, 12), RankMe.Compute(z), 9);
        var all = RankMe.ComputeAll(z);
        Assert.Equal(Expected([.. s.Select(x => x * x)], 12), all.ErankSquared, 9);
        Assert.Equal(s.Sum(x => x * x) / 100, all.StableRank, 9);
    }

    [Fact]
    public void Invariant_to_scale_and_rotation()
    {
        using var scope = torch.NewDisposeScope();
        var z = WithSingularValues([7, 4, 2, 1, 0.3], 60, 16, 3);
        var (q, _) = torch.linalg.qr(torch.randn(16, 16, dtype: float64));
        var base_ = RankMe.ComputeAll(z);
        var scaled = RankMe.ComputeAll(z * 123.4);
        var rotated = RankMe.ComputeAll(z.matmul(q));
        foreach (var other in new[] { scaled, rotated })
        {
            Assert.Equal(base_.RankMe, other.RankMe, 8);
            Assert.Equal(base_.ErankSquared, other.ErankSquared, 8);
            Assert.Equal(base_.RankMeCentered, other.RankMeCentered, 8);
            Assert.Equal(base_.ParticipationRatio, other.ParticipationRatio, 8);
            Assert.Equal(base_.StableRank, other.StableRank, 8);
        }
    }

    [Fact]
    public void Centered_variant_ignores_a_common_shift()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(4);
        var z = torch.randn(100, 8, dtype: float64);
        var shifted = z + 50 * torch.ones(1, 8, dtype: float64);
        Assert.True(RankMe.Compute(shifted) < 2.0);   // the mean direction dominates
        Assert.Equal(RankMe.ComputeAll(z - z.mean([0], keepdim: true)).RankMeCentered, RankMe.ComputeAll(shifted).RankMeCentered, 6);
    }

    [Fact]
    public void Alpha_req_recovers_a_power_law()
    {
        double[] lambda = [.. Enumerable.Range(1, 50).Select(k => 3.0 * Math.Pow(k, -1.7))];
        var (alpha, points) = RankMe.PowerLawDecay(lambda, 0);
        Assert.Equal(1.7, alpha, 9);
        Assert.Equal(50, points);
        Assert.Equal(10, RankMe.PowerLawDecay(lambda, lambda[9] * 0.999).Points);
    }

    /// <summary>
    /// Z with a power-law spectrum whose tail runs far below float32 resolution, observed twice
    /// with independent errors of float32 size (||E||_2 = eps32 ||Z||_F, the measured error of a
    /// float32 forward pass): the fit above the noise floor agrees between the two and with the
    /// exact spectrum; a fit down to 1e-12 lambda_1 (the old cut-off) does not.
    /// </summary>
    [Fact]
    public void Alpha_req_is_stable_under_float32_noise()
    {
        using var scope = torch.NewDisposeScope();
        double[] s = [.. Enumerable.Range(1, 64).Select(k => Math.Pow(k, -3.0))];
        var z = WithSingularValues(s, 200, 64, 6) + 0.5 * torch.ones(1, 64, dtype: float64);
        double fro = z.norm().item<double>();
        Tensor Noisy(long seed)
        {
            torch.manual_seed(seed);
            var e = torch.randn(200, 64, dtype: float64);
            return z + e * (RankMe.Float32Epsilon * fro / torch.linalg.matrix_norm(e, 2).item<double>());
        }
        var (a, b) = (RankMe.ComputeAll(Noisy(7)), RankMe.ComputeAll(Noisy(8)));
        var exact = RankMe.ComputeAll(z);
        Assert.InRange(exact.AlphaReqFitPoints, 5, 40);   // the floor cuts the tail
        Assert.True(Math.Abs(a.AlphaReq - b.AlphaReq) < 2e-3, $"{a.AlphaReq} vs {b.AlphaReq}");
        Assert.True(Math.Abs(a.AlphaReq - exact.AlphaReq) < 2e-3, $"{a.AlphaReq} vs exact {exact.AlphaReq}");
        double[] Lambda(Tensor m) => [.. Spectra.SingularValues(m - m.mean([0], keepdim: true)).Select(x => x * x / 199)];
        var (la, lb) = (Lambda(Noisy(7)), Lambda(Noisy(8)));
        double oldA = RankMe.PowerLawDecay(la, la[0] * 1e-12).Alpha, oldB = RankMe.PowerLawDecay(lb, lb[0] * 1e-12).Alpha;
        Assert.True(Math.Abs(oldA - exact.AlphaReq) > 2e-2 && Math.Abs(oldB - exact.AlphaReq) > 2e-2, $"old cut-off {oldA}, {oldB} vs {exact.AlphaReq}");
    }

    [Fact]
    public void Identical_rows_are_flagged_degenerate_without_NaN()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(9);
        var z = torch.randn(1, 16, dtype: float32).expand(200, 16).contiguous();
        var values = RankMe.ComputeAll(z);
        Assert.Equal(1, values.NumericalRank);
        Assert.True(values.Degenerate);
        var named = values.Named().ToDictionary(p => p.Name, p => p.Value);
        Assert.Equal(1.0, named["rankme_degenerate"]);
        Assert.Equal(Expected([1], 16), named["rankme"], 9);
        Assert.False(named.ContainsKey("rankme_centered"));
        Assert.DoesNotContain(named.Values, double.IsNaN);
        Assert.Equal(0, RankMe.ComputeAll(torch.zeros(5, 4)).NumericalRank);
        Assert.Equal(["rankme_degenerate"], RankMe.ComputeAll(torch.zeros(5, 4)).Named().Select(p => p.Name));
        var varied = RankMe.ComputeAll(torch.randn(50, 8, dtype: float64));
        Assert.Equal(8, varied.NumericalRank);
        Assert.Contains(varied.Named(), p => p.Name == "alpha_req_fit_points" && p.Value == 8);
        Assert.DoesNotContain(varied.Named(), p => p.Name == "rankme_degenerate");
    }

    [Fact]
    public void Participation_ratio_of_isotropic_data_is_near_its_dimension()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(5);
        var z = torch.randn(5000, 10, dtype: float64);
        Assert.InRange(RankMe.ComputeAll(z).ParticipationRatio, 9.5, 10.0);
    }
}
