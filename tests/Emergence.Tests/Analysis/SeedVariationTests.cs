using Emergence.Analysis;
using Emergence.Storage;

namespace Emergence.Tests.Analysis;

public class SeedVariationTests
{
    private static readonly AnalysisOptions Options = new() { NullReplicates = 0, BootstrapResamples = 0 };

    /// <summary>Four task-levels jump from 0 to 0.9 at known steps per seed.</summary>
    private static readonly Dictionary<int, long[]> EmergenceBySeed = new()
    {
        [0] = [100, 200, 300, 400],
        [1] = [100, 200, 400, 300],
        [2] = [400, 300, 200, 100],
    };

    private static readonly (string Task, int Level)[] TaskLevels = [("COPY", 1), ("REV", 1), ("ADD", 1), ("MUL", 1)];

    private static AnalysisResult Analyze()
    {
        var runs = EmergenceBySeed.Select(kv =>
        {
            var run = new SyntheticRun("nano", SyntheticRun.Uniform(12, 100), kv.Key);
            for (int i = 0; i < TaskLevels.Length; i++)
            {
                long at = kv.Value[i];
                run.Accuracy(TaskLevels[i].Task, TaskLevels[i].Level, s => s >= at ? 0.9 : 0.0);
            }
            return run.Data();
        }).ToList();
        RunLoader.CheckCompatible(runs, Options);
        return Analyzer.Analyze(runs, Options);
    }

    [Fact]
    public void Spread_over_seeds_is_the_min_median_max_mean_and_sd_of_the_steps()
    {
        var copy = Analyze().SeedVariation.Spread.Single(s => s.TaskLevel == "COPY_L1" && s.Variant == MetricNames.Accuracy);
        // steps 100, 100, 400: mean 200, sd sqrt((100² + 100² + 200²) / 2) = sqrt(30000)
        Assert.Equal((3, 3, 100L, 100.0, 400L, 200.0), (copy.Seeds, copy.Emerged, copy.Min, copy.Median, copy.Max, copy.Mean));
        Assert.Equal(Math.Sqrt(30000), copy.Sd!.Value, 9);
    }

    [Fact]
    public void Order_correlation_between_seeds_is_spearman_per_pair_and_their_mean()
    {
        var s = Analyze().SeedVariation;
        double Rho(int a, int b) => s.OrderCorrelations.Single(c => c.Variant == MetricNames.Accuracy && c.SeedA == a && c.SeedB == b).Rho!.Value;
        // ranks (1,2,3,4) vs (1,2,4,3): 1 − 6·2/(4·15) = 0.8; vs (4,3,2,1): −1; (1,2,4,3) vs (4,3,2,1): 1 − 6·18/60 = −0.8
        Assert.Equal(0.8, Rho(0, 1), 12);
        Assert.Equal(-1.0, Rho(0, 2), 12);
        Assert.Equal(-0.8, Rho(1, 2), 12);
        var mean = s.OrderAgreement.Single(a => a.Model == "nano" && a.Variant == MetricNames.Accuracy);
        Assert.Equal(3, mean.Pairs);
        Assert.Equal(-1.0 / 3, mean.MeanRho!.Value, 12);
        // a jump from 0 to 0.9 clears every corrected bar at the same step: the corrected rule agrees here
        Assert.Equal(-1.0 / 3, s.OrderAgreement.Single(a => a.Variant == ChanceCorrection.Variant).MeanRho!.Value, 12);
        Assert.Contains("| nano | accuracy | 3 | -0.33 |", MarkdownTables.Render(Analyze()));
    }

    [Fact]
    public void One_seed_has_no_order_agreement_and_a_never_emerged_level_is_counted_not_averaged()
    {
        var run = new SyntheticRun("nano", SyntheticRun.Uniform(8, 100)).Accuracy("COPY", 1, _ => 0.0).Accuracy("REV", 1, s => s >= 200 ? 1 : 0);
        var result = Analyzer.Analyze([run.Data()], Options);
        var s = result.SeedVariation;
        Assert.Equal("not computable: one seed only", s.OrderAgreement.Single(a => a.Variant == MetricNames.Accuracy).Status);
        Assert.Contains("One seed per size: no variation over seeds", MarkdownTables.Render(result));
        var copy = s.Spread.Single(x => x.TaskLevel == "COPY_L1" && x.Variant == MetricNames.Accuracy);
        Assert.Equal((1, 0, "never emerged in any seed"), (copy.Seeds, copy.Emerged, copy.Status));
    }

    [Fact]
    public void Precursor_rate_per_seed_counts_that_seeds_computable_units()
    {
        var options = Options with { NullReplicates = 10, BootstrapResamples = 20 };
        var runs = new[] { SyntheticStudy.Build("nano", 0, withFisher: false).Data(), SyntheticStudy.Build("nano", 1, withFisher: false).Data() };
        RunLoader.CheckCompatible(runs, options);
        var result = Analyzer.Analyze(runs, options);
        var row = result.SeedVariation.PrecursorRates.Single(p => p.Measure == MetricNames.RankMe && p.Model == "nano");
        foreach (var seed in new[] { 0, 1 })
        {
            var units = result.Precursors.Units.Where(u => u.Measure == MetricNames.RankMe && u.Unit == "task-level" && u.Seed == seed && u.Computable).ToList();
            Assert.Equal((double)units.Count(u => u.Precursor == true) / units.Count, row.RateBySeed[seed.ToString()]);
        }
        var pooled = result.Precursors.Rates.Single(r => r.Measure == MetricNames.RankMe && r.Model == "nano" && r.Class == "all" && r.Unit == "task-level");
        Assert.Equal((pooled.Rate, pooled.NullMeanRate), (row.Pooled, row.NullMeanRate));
        Assert.Equal("computed", row.CiOverSeeds!.Status);
    }
}
