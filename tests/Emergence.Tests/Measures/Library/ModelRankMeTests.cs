using Emergence.Measures.Library;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Tests.Measures.Library;

/// <summary>RankMe of a hidden layer whose singular values are known by construction.</summary>
public class ModelRankMeTests
{
    /// <summary>erank of singular values s (RankMe's entropy with its 1e-7), written out for the test.</summary>
    private static double Erank(double[] s) => Math.Exp(-s.Select(v => v / s.Sum() + 1e-7).Sum(p => p * Math.Log(p)));

    /// <summary>
    /// Inputs X = Q (orthonormal columns, N x d) through a linear layer with weight W = U diag(s) V^T:
    /// the hidden states Z = Q W^T = (Q V) diag(s) U^T have exactly the singular values s.
    /// </summary>
    [Theory]
    [InlineData(new[] { 4.0, 2.0, 1.0, 1.0, 0.5, 0.25 })]
    [InlineData(new[] { 1.0, 1.0, 1.0, 0.0, 0.0, 0.0 })]
    public void Hidden_layer_with_known_singular_values(double[] s)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(8);
        int n = 50, d = s.Length;
        var (q, _) = torch.linalg.qr(torch.randn(n, d, dtype: float64));
        var (u, _) = torch.linalg.qr(torch.randn(d, d, dtype: float64));
        var (v, _) = torch.linalg.qr(torch.randn(d, d, dtype: float64));
        using var hidden = nn.Linear(d, d, hasBias: false, dtype: float64);
        using (torch.no_grad()) hidden.weight!.copy_(u.matmul(torch.diag(torch.tensor(s, dtype: float64))).matmul(v.t()));

        var r = ModelMeasures.RankMe(hidden, q);
        Assert.Equal(Erank(s), r.RankMe, 9);
        Assert.Equal(s.Sum(x => x * x) / (s[0] * s[0]), r.StableRank, 9);
        Assert.Equal(s.Count(x => x > 0), r.NumericalRank);
        Assert.True(hidden.training);
    }

    [Fact]
    public void Equal_singular_values_give_their_count()
    {
        using var scope = torch.NewDisposeScope();
        var z = torch.cat([torch.eye(3, dtype: float64) * 2, torch.zeros(4, 3, dtype: float64)]);   // s = (2, 2, 2)
        Assert.Equal(3, ModelMeasures.RankMe(z).RankMe, 5);
    }
}
