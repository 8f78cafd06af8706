using Emergence.Analysis;
using Emergence.Storage;

namespace Emergence.Tests.Analysis;

public class PrecursorBehaviourTests
{
    /// <summary>Accuracy flat at 0; answer_logprob a random walk; rankme = answer_logprob three checkpoints ahead (it leads by 3).</summary>
    private static RunData Run()
    {
        var random = new Random(5);
        var logprob = new double[80];
        for (int t = 1; t < logprob.Length; t++) logprob[t] = logprob[t - 1] + random.NextDouble() - 0.5;
        var run = new SyntheticRun("nano", SyntheticRun.Uniform(80, 100)).Accuracy("ADD", 1, _ => 0)
            .Add(MetricNames.AnswerLogprob, "ADD", 1, -1, logprob)
            .Add(MetricNames.RankMe, "ADD", 1, 2, [.. Enumerable.Range(0, 80).Select(t => logprob[Math.Min(t + 3, 79)])]);
        return run.Data();
    }

    [Fact]
    public void The_precursor_test_correlates_with_the_chosen_behavioural_series()
    {
        var onAccuracy = PrecursorAnalysis.Run([Run()], new AnalysisOptions { Measures = [MetricNames.RankMe], NullReplicates = 0, BootstrapResamples = 0 }).Units;
        var onLogprob = PrecursorAnalysis.Run([Run()], new AnalysisOptions { Measures = [MetricNames.RankMe], NullReplicates = 0, BootstrapResamples = 0, Behaviour = MetricNames.AnswerLogprob }).Units;
        var flat = onAccuracy.Single(u => u.Unit == "task-level");
        Assert.False(flat.Computable);  // accuracy never changes
        var unit = onLogprob.Single(u => u.Unit == "task-level");
        Assert.Equal("answer_logprob[task=ADD, level=1, layer=-1]", unit.AccuracySeries);
        Assert.Equal(-3, unit.PeakLag);
        Assert.True(unit.Precursor);
        Assert.Equal(1.0, unit.PeakR!.Value, 9);
        var task = onLogprob.Single(u => u.Unit == "task");
        Assert.Equal("answer_logprob[task=ADD, level l] for each level l", task.AccuracySeries);  // no task-pooled rankme: the level pairs are pooled
        Assert.Equal(-3, task.PeakLag);
    }

    [Fact]
    public void An_unknown_behavioural_series_names_the_allowed_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => new AnalysisOptions { Behaviour = "loss" }.Validate());
        Assert.Contains("'loss'", e.Message);
        Assert.Contains("accuracy, answer_logprob", e.Message);
    }
}
