using Emergence.Analysis;
using Emergence.Storage;

namespace Emergence.Tests.Analysis;

public sealed class MeasureQualityTests
{
    private static readonly AnalysisOptions Options = new() { NullReplicates = 0, BootstrapResamples = 0 };

    /// <summary>Six checkpoints; the Hessian and the LLC measured at steps 0, 200 and 400 only (NaN elsewhere).</summary>
    private static SyntheticRun Run()
    {
        double nan = double.NaN;
        return new SyntheticRun("nano", SyntheticRun.Uniform(6, 100))
            .Accuracy("COPY", 1, s => s < 300 ? 0.0 : 0.9)
            .Add(MetricNames.HessianEigConverged, "", 1, -1, [1, nan, 1, nan, 1, nan])
            .Add(MetricNames.HessianEigConverged, "", 2, -1, [1, nan, 0, nan, 1, nan])
            .Add(MetricNames.LlcNegative, "", 0, -1, [1, nan, 0, nan, 0, nan])
            .Add(MetricNames.LlcLowAcceptance, "", 0, -1, [1, nan, 1, nan, 1, nan]);
    }

    [Fact]
    public void Each_check_counts_the_estimates_that_passed_it_over_those_recorded()
    {
        var quality = Analyzer.Analyze([Run().Data()], Options).MeasureQuality;

        // Eigenvalues: 6 flags (2 ranks x 3 checkpoints), one not converged.
        Assert.Equal(new MeasureQualityEntry("nano", MetricNames.HessianEigConverged, 5, 6), quality.Entries.Single(e => e.Check == MetricNames.HessianEigConverged));
        // llc_negative passes at 0: the step-0 estimate is negative.
        Assert.Equal(new MeasureQualityEntry("nano", MetricNames.LlcNegative, 2, 3), quality.Entries.Single(e => e.Check == MetricNames.LlcNegative));
        Assert.Equal(new MeasureQualityEntry("nano", MetricNames.LlcLowAcceptance, 0, 3), quality.Entries.Single(e => e.Check == MetricNames.LlcLowAcceptance));
        Assert.DoesNotContain(quality.Entries, e => e.Check == MetricNames.HessianTraceTargetMet); // not recorded: not counted as passed or failed
    }

    [Fact]
    public void The_table_has_one_row_per_recorded_check_and_one_column_per_run()
    {
        var md = MarkdownTables.Render(Analyzer.Analyze([Run().Data()], Options));

        Assert.Contains("## Measure quality", md);
        Assert.Contains("| Hessian eigenvalue converged (Lanczos residual within tolerance x the largest Ritz value in magnitude) | hessian_eig_converged | 5/6 |", md);
        Assert.Contains("| LLC MALA acceptance over draws at least 0.9 | llc_low_acceptance | 0/3 |", md);
        Assert.DoesNotContain("hessian_trace_target_met", md);
    }

    [Fact]
    public void A_run_without_Hessian_or_LLC_says_so()
    {
        var run = new SyntheticRun("nano", SyntheticRun.Uniform(6, 100)).Accuracy("COPY", 1, s => s < 300 ? 0.0 : 0.9);

        var md = MarkdownTables.Render(Analyzer.Analyze([run.Data()], Options));

        Assert.Contains("No run recorded a Hessian or LLC estimate.", md);
    }
}
