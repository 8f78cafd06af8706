using Emergence.Analysis;
using Emergence.Storage;

namespace Emergence.Tests.Analysis;

public class ChanceCorrectionTests
{
    private static readonly AnalysisOptions Options = new() { NullReplicates = 0, BootstrapResamples = 0 };

    [Fact]
    public void Corrected_accuracy_is_zero_at_the_baseline_and_one_at_perfect()
    {
        Assert.Equal([0.0, 1.0, 0.2], ChanceCorrection.Correct([0.5, 1.0, 0.6], 0.5)!, new ToleranceComparer(1e-12));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChanceCorrection.Correct([0.5], 1.0));
    }

    /// <summary>
    /// PAR_L1 (b = 1/2) sits at 0.5 from step 0, then rises to 0.6 (c = 0.2) at step 600: the paper's rule
    /// fires at the first checkpoint, the corrected one at step 600. ADD_L1 (b = 1/10) at 0.15 (c = 0.056)
    /// never passes the corrected bar 0.19 until it reaches 0.3 (c = 0.22) at step 900.
    /// </summary>
    [Fact]
    public void The_paper_rule_fires_at_the_first_step_and_the_corrected_rule_later()
    {
        var run = new SyntheticRun("nano", SyntheticRun.Uniform(16, 100))
            .Accuracy("PAR", 1, s => s < 600 ? 0.5 : 0.6)
            .Accuracy("ADD", 1, s => s < 900 ? 0.15 : 0.3)
            .Accuracy("COPY", 1, s => s < 300 ? 0.0 : 0.9);
        var result = Analyzer.Analyze([run.Data()], Options);
        long? Step(string tl, string variant) => result.Emergence.Entries.Single(e => e.TaskLevel == tl && e.Variant == variant).Step;

        Assert.Equal(0, Step("PAR_L1", MetricNames.Accuracy));
        Assert.Equal(600, Step("PAR_L1", ChanceCorrection.Variant));
        Assert.Equal(0, Step("ADD_L1", MetricNames.Accuracy));
        Assert.Equal(900, Step("ADD_L1", ChanceCorrection.Variant));
        Assert.Equal(300, Step("COPY_L1", MetricNames.Accuracy));
        Assert.Equal(300, Step("COPY_L1", ChanceCorrection.Variant));  // b = 1/1000: the same step

        var par = result.Emergence.Baselines.Single(b => b.TaskLevel == "PAR_L1");
        Assert.Equal(("EVEN", "1/2", 0.5), (par.Answer, par.Exact, par.Value));
        Assert.Equal(1000, par.EvaluationSetSize);
        Assert.InRange(par.EvaluationSet!.Value, 0.5, 0.56);  // the larger of two shares of 1,000 draws
        Assert.Equal(0.5, result.Emergence.Entries.Single(e => e.TaskLevel == "PAR_L1" && e.Variant == ChanceCorrection.Variant).Baseline);
        Assert.Contains("prediction", result.Emergence.RuleUsedBy.Keys);

        var md = MarkdownTables.Render(result);
        Assert.Contains("| PAR_L1 | `EVEN` | 1/2 | 0.5000 |", md);
        Assert.Contains("| 0.550 | 0 / 600 |", md);
    }

    [Fact]
    public void The_task_series_for_prediction_is_the_mean_of_the_corrected_levels()
    {
        var run = new SyntheticRun("nano", SyntheticRun.Uniform(3, 100))
            .Accuracy("CMP", 1, _ => 0.7).Accuracy("CMP", 2, _ => 0.4);
        var series = ChanceCorrection.TaskSeries(run.Data(), Emergence.Tasks.TaskKind.Cmp, new Dictionary<string, double> { ["CMP_L1"] = 0.4, ["CMP_L2"] = 0.4 })!;
        Assert.Equal(0.25, series[0], 12);  // mean of 0.5 and 0
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}

public class ChanceCorrectionPrecursorTests
{
    /// <summary>The docs' claim that the precursor test does not depend on the rule: c = (a − b)/(1 − b) leaves every unit's peak lag and r unchanged.</summary>
    [Fact]
    public void Precursor_units_are_the_same_on_corrected_accuracy()
    {
        var options = new AnalysisOptions { NullReplicates = 0, BootstrapResamples = 0, Measures = [MetricNames.RankMe] };
        var raw = SyntheticStudy.Build("nano", withFisher: false).Data();
        var corrected = new RunData
        {
            Source = raw.Source, Model = raw.Model, Seed = raw.Seed, Layers = raw.Layers, ConfigJson = raw.ConfigJson, Steps = raw.Steps, Label = raw.Label,
            Series = raw.Series.ToDictionary(kv => kv.Key, kv => kv.Key.Name == MetricNames.Accuracy ? ChanceCorrection.Correct(kv.Value, 0.4)! : kv.Value),
        };
        var (a, _) = PrecursorAnalysis.Run([raw], options);
        var (c, _) = PrecursorAnalysis.Run([corrected], options);
        Assert.Equal(31, a.Count(u => u.Computable));
        Assert.Equal(31, c.Count(u => u.Computable));
        Assert.Equal(a.Select(u => (u.PeakLag, u.Precursor)), c.Select(u => (u.PeakLag, u.Precursor)));
        foreach (var (x, y) in a.Zip(c).Where(p => p.First.Computable)) Assert.Equal(x.PeakR!.Value, y.PeakR!.Value, 9);
    }
}
