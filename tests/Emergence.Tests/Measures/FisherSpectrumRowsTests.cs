using Emergence.Measures;
using Emergence.Storage;
using Emergence.Tasks;
using Emergence.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Tests.Measures;

public class FisherSpectrumRowsTests
{
    private static List<MetricRow> Rows(Tensor g) =>
        [.. GradientSpectra.FisherRows(7, "ADD", 2, GradientSpectra.Grams([g]).Gram)];

    [Fact]
    public void Stored_eigenvalues_and_trace_are_those_of_the_explicit_Fisher()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(5);
        var g = torch.randn(6, 50, dtype: float64);
        // The explicit empirical Fisher F = G^T G / N (50 x 50): 6 non-zero eigenvalues.
        var fisher = g.t().matmul(g) / 6;
        var expected = Spectra.SymmetricEigenvalues(fisher).Take(6).ToArray();
        var rows = Rows(g);
        var eig = rows.Where(r => r.Name == MetricNames.FisherEig).OrderBy(r => r.Layer).ToList();
        Assert.Equal([1, 2, 3, 4, 5, 6], eig.Select(r => r.Layer));
        Assert.All(eig, r => Assert.Equal(("ADD", 2, 7L), (r.Task, r.Level, r.Step)));
        for (int k = 0; k < 6; k++) Assert.Equal(expected[k], eig[k].Value, 10);
        Assert.Equal(6, rows.Single(r => r.Name == MetricNames.FisherEigCount).Value);
        Assert.Equal(fisher.trace().item<double>(), rows.Single(r => r.Name == MetricNames.FisherTrace).Value, 10);
        Assert.Equal(Spectra.EffectiveRank(expected), rows.Single(r => r.Name == MetricNames.FisherErank).Value, 6);
    }

    [Fact]
    public void A_Fisher_of_rank_three_stores_three_eigenvalues()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(6);
        // G = A B: 8 gradients in a 3-dimensional subspace of R^40.
        var g = torch.randn(8, 3, dtype: float64).matmul(torch.randn(3, 40, dtype: float64));
        var rows = Rows(g);
        Assert.Equal(3, rows.Single(r => r.Name == MetricNames.FisherEigCount).Value);
        Assert.Equal(3, rows.Count(r => r.Name == MetricNames.FisherEig));
        Assert.Equal(8, rows.Single(r => r.Name == MetricNames.FisherExamples).Value);
        double sum = rows.Where(r => r.Name == MetricNames.FisherEig).Sum(r => r.Value);
        Assert.Equal(rows.Single(r => r.Name == MetricNames.FisherTrace).Value, sum, 10);
    }

    [Fact]
    [Trait(Category.Name, Category.Slow)]
    public void A_GPTs_stored_spectrum_is_that_of_its_explicit_Fisher()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(8);
        using var model = new Emergence.Models.Gpt(new Emergence.Models.GptConfig("t", 1, 8, 2));
        using var set = new DiagnosticSet(torch.CPU, 5);
        var rows = GradientSpectra.Measure(0, model, set, fisher: true, gradcov: false);
        var (taskLevel, _, batch) = set.Levels[4];
        var g = PerSampleGradients.Looped(model, batch).to(float64);
        var fisher = g.t().matmul(g) / batch.Count;   // P x P
        var expected = Spectra.SymmetricEigenvalues(fisher);
        var stored = rows.Where(r => r.Name == MetricNames.FisherEig && r.Task == taskLevel.Task.Name() && r.Level == taskLevel.Level)
            .OrderBy(r => r.Layer).Select(r => r.Value).ToList();
        Assert.InRange(stored.Count, 1, batch.Count);
        for (int k = 0; k < stored.Count; k++) Assert.Equal(expected[k], stored[k], expected[0] * 1e-5);
        Assert.Equal(model.Config.ParameterCount(), rows.Single(r => r.Name == MetricNames.FisherParameters).Value);
    }
}
