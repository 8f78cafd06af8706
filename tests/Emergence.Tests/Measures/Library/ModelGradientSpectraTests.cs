using Emergence.Measures;
using Emergence.Measures.Library;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Tests.Measures.Library;

/// <summary>Fisher and gradient-covariance eigenvalues against the explicit P x P matrices.</summary>
public class ModelGradientSpectraTests
{
    /// <summary>Eigenvalues of F = G^T G / N and Sigma = G_c^T G_c / (N - 1), descending, from G written out.</summary>
    private static (double[] Fisher, double[] Covariance) Explicit(Tensor g)
    {
        long n = g.shape[0];
        var centred = g - g.mean([0], keepdim: true);
        return (SmallModels.Eigenvalues(g.t().matmul(g) / n), SmallModels.Eigenvalues(centred.t().matmul(centred) / (n - 1)));
    }

    private static void AssertLeading(double[] expected, double[] actual, int count)
    {
        double scale = expected[0];
        for (int i = 0; i < count; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-10 * scale, $"eigenvalue {i}: {expected[i]} vs {actual[i]}");
    }

    [Fact]
    public void Linear_regression_matches_the_closed_form_gradients()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(12);
        int n = 8, d = 5;
        var x = torch.randn(n, d, dtype: float64);
        var y = torch.randn(n, dtype: float64);
        using var model = nn.Linear(d, 1, hasBias: false, dtype: float64);
        var measures = ModelMeasures.For(model, ((Tensor X, Tensor Y) b) => (model.forward(b.X).squeeze(1) - b.Y).pow(2), BatchSource.Cycle([(x, y)]));

        // l_n = (x_n . w - y_n)^2  =>  g_n = 2 (x_n . w - y_n) x_n
        var w = model.weight!.detach().reshape(-1);
        var g = 2 * (x.matmul(w) - y).unsqueeze(1) * x;
        Assert.True((measures.PerExampleGradients((x, y)) - g).abs().max().item<double>() < 1e-12);

        var r = measures.GradientSpectra(top: 3);
        var (fisher, covariance) = Explicit(g);
        Assert.Equal(n, r.FisherEigenvalues.Length);
        AssertLeading(fisher, r.FisherEigenvalues, d);
        AssertLeading(covariance, r.CovarianceEigenvalues, d);
        Assert.All(r.FisherEigenvalues.Skip(d), e => Assert.True(Math.Abs(e) < 1e-10 * fisher[0]));   // rank <= P = 5 < N = 8
        var zeros = new double[n - d];   // the N - P zero eigenvalues of the Gram enter erank too
        Assert.Equal(Spectra.EffectiveRank(fisher.Concat(zeros)), r.FisherErank, 9);
        Assert.Equal(Spectra.EffectiveRank(fisher.Take(3)), r.FisherErankTop, 9);
        Assert.Equal(Spectra.EffectiveRank(covariance.Concat(zeros)), r.GradcovErank, 9);
    }

    [Fact]
    public void Convolutional_net_matches_gradients_taken_one_example_at_a_time()
    {
        using var scope = torch.NewDisposeScope();
        using var model = SmallModels.ConvNet(9);
        var (x, y) = SmallModels.Classification([10, 1, 6, 6], 10);
        var measures = ModelMeasures.For(model, b => SmallModels.CrossEntropy(model, b), BatchSource.Cycle([(x, y)]));
        var parameters = measures.Parameters.ToArray();
        var rows = Enumerable.Range(0, 10).Select(i =>
        {
            var loss = SmallModels.CrossEntropy(model, (x.narrow(0, i, 1), y.narrow(0, i, 1))).sum();
            return torch.cat([.. torch.autograd.grad([loss], parameters).Select(t => t.reshape(-1))]);
        });
        var g = torch.stack(rows);
        Assert.Equal(119, g.shape[1]);

        var r = measures.GradientSpectra();
        var (fisher, covariance) = Explicit(g);
        Assert.Equal(10, r.Examples);
        Assert.Equal(119, r.Parameters);
        AssertLeading(fisher, r.FisherEigenvalues, 10);
        AssertLeading(covariance, r.CovarianceEigenvalues, 9);
        Assert.True(Math.Abs(r.CovarianceEigenvalues[9]) < 1e-10 * covariance[0]);   // centring removes one direction
        Assert.Equal(r.FisherErank, r.FisherErankTop, 12);                               // 10 eigenvalues, top 20
        Assert.InRange(r.FisherErank, 1, 10);
    }
}
