using Emergence.Analysis;
using Emergence.Storage;

namespace Emergence.Tests.Analysis;

public sealed class LlcHessianTraceTests
{
    private static readonly AnalysisOptions Options = new() { NullReplicates = 0, BootstrapResamples = 0 };

    /// <summary>LLC and Hessian at steps 0, 200, 400 and 600 (NaN between), at the paper's n_beta, gamma and epsilon.</summary>
    private static SyntheticRun Run(double[] llc, double[] trace)
    {
        double nan = double.NaN;
        double[] Every(double v) => [v, nan, v, nan, v, nan, v];
        double[] Spread(double[] v) => [v[0], nan, v[1], nan, v[2], nan, v[3]];
        return new SyntheticRun("nano", SyntheticRun.Uniform(7, 100))
            .Accuracy("COPY", 1, s => s < 300 ? 0.0 : 0.9)
            .Add(MetricNames.Llc, "", 0, -1, Spread(llc))
            .Add(MetricNames.HessianTrace, "", 0, -1, Spread(trace))
            .Add(MetricNames.LlcNBeta, "", 0, -1, Every(1))
            .Add(MetricNames.LlcGamma, "", 0, -1, Every(10_000))
            .Add(MetricNames.LlcEpsilon, "", 0, -1, Every(1e-5));
    }

    [Fact]
    public void An_LLC_equal_to_the_quadratic_localisation_term_has_ratio_1()
    {
        // q = n_beta tr(H) / (2 gamma (1 - eps gamma / 4)) = tr(H) / (2e4 x 0.975) = tr(H) / 19,500.
        double[] trace = [19_500, 39_000, 9_750, 1_950];
        double[] llc = [1.0, 2.0, 0.5, 0.1];

        var entry = Analyzer.Analyze([Run(llc, trace).Data()], Options).LlcHessianTrace.Entries.Single();

        Assert.Equal("computed", entry.Status);
        Assert.Equal(4, entry.Points);
        Assert.Equal(1.0, entry.Rho!.Value, 12);
        Assert.Equal(1.0, entry.MedianRatio!.Value, 12);
        Assert.Equal(1.0, entry.MinRatio!.Value, 12);
        Assert.Equal(1.0, entry.MaxRatio!.Value, 12);
    }

    [Fact]
    public void The_ratio_measures_how_far_the_LLC_is_above_the_quadratic_term()
    {
        double[] trace = [19_500, 19_500, 19_500, 39_000];
        double[] llc = [1.0, 3.0, 4.0, 2.0]; // ratios 1, 3, 4, 1: median 2, range 1 to 4

        var entry = Analyzer.Analyze([Run(llc, trace).Data()], Options).LlcHessianTrace.Entries.Single();

        Assert.Equal(2.0, entry.MedianRatio!.Value, 12);
        Assert.Equal(1.0, entry.MinRatio!.Value, 12);
        Assert.Equal(4.0, entry.MaxRatio!.Value, 12);
        Assert.Contains("| nano | 4 |", MarkdownTables.Render(Analyzer.Analyze([Run(llc, trace).Data()], Options)));
    }

    [Fact]
    public void A_run_without_the_LLC_is_not_computable_with_its_reason()
    {
        var run = new SyntheticRun("nano", SyntheticRun.Uniform(7, 100)).Accuracy("COPY", 1, s => s < 300 ? 0.0 : 0.9);

        var entry = Analyzer.Analyze([run.Data()], Options).LlcHessianTrace.Entries.Single();

        Assert.Equal("not computable: the run has no LLC or no Hessian trace", entry.Status);
        Assert.Null(entry.MedianRatio);
    }
}
