using Emergence.Analysis;

namespace Emergence.Tests.Analysis;

public sealed class IncompleteRunTests
{
    private static readonly AnalysisOptions Options = new() { NullReplicates = 0, BootstrapResamples = 0 };

    private static SyntheticRun Run() => new SyntheticRun("nano", SyntheticRun.Uniform(16, 100))
        .Accuracy("COPY", 1, s => s < 300 ? 0.0 : 0.9);

    [Fact]
    public void A_run_short_of_its_planned_steps_is_named_in_a_warning()
    {
        var run = Run();
        run.Configure = c => c with { Steps = 100_000 };

        var summary = Analyzer.Analyze([run.Data()], Options).Runs.Single();

        Assert.Equal(100_000, summary.PlannedSteps);
        Assert.True(summary.Incomplete);
        Assert.Contains("run nano is not complete: its last checkpoint is step 1,500 of 100,000", summary.Warning);
        Assert.Contains("**Warning:** run nano is not complete", MarkdownTables.Render(Analyzer.Analyze([run.Data()], Options)));
    }

    [Fact]
    public void A_run_at_its_planned_steps_has_no_warning()
    {
        var summary = Analyzer.Analyze([Run().Data()], Options).Runs.Single();

        Assert.Equal(1_500, summary.PlannedSteps);
        Assert.False(summary.Incomplete);
        Assert.Null(summary.Warning);
    }
}
