using Emergence.Analysis;

namespace Emergence.Tests.Analysis;

public class StatisticsTests
{
    [Fact]
    public void Effective_n_of_perfectly_clustered_outcomes_is_the_number_of_clusters()
    {
        // A: 1,1,1  B: 0,0,0 -> MSB = 3(0.25)·2/1 = 1.5, MSW = 0, ICC = 1, D = 1 + (3 − 1)·1 = 3, N_eff = 6/3 = 2
        var e = EffectiveSampleSize.Of([("A", true), ("A", true), ("A", true), ("B", false), ("B", false), ("B", false)]);
        Assert.Equal(1.0, e.Icc);
        Assert.Equal(2.0, e.Value!.Value, 12);
    }

    [Fact]
    public void Effective_n_with_partial_clustering_is_worked_out_by_hand()
    {
        // A: 1,1,0  B: 0,0,1  (k = 2, n_i = 3, N = 6, ȳ = 0.5)
        // MSB = [3(1/6)² + 3(1/6)²] / 1 = 1/6; MSW = (2/3 + 2/3) / 4 = 1/3; n0 = 3
        // ICC = (1/6 − 1/3) / (1/6 + 2/3) < 0 -> clamped to 0 -> N_eff = 6
        var e = EffectiveSampleSize.Of([("A", true), ("A", true), ("A", false), ("B", false), ("B", false), ("B", true)]);
        Assert.Equal(0.0, e.Icc);
        Assert.Equal(6.0, e.Value!.Value, 12);
        // A: 1,1,1,0  B: 0,0,0,0: ȳ = 3/8; MSB = 4(3/8)² + 4(3/8)² = 9/8; MSW = (3/16 ·4 ... ) = (0.75) / 6 = 0.125; n0 = 4
        // ICC = (1.125 − 0.125) / (1.125 + 3·0.125) = 1 / 1.5 = 2/3; D = 1 + 3·2/3 = 3; N_eff = 8/3
        var f = EffectiveSampleSize.Of([("A", true), ("A", true), ("A", true), ("A", false), ("B", false), ("B", false), ("B", false), ("B", false)]);
        Assert.Equal(2.0 / 3, f.Icc!.Value, 12);
        Assert.Equal(8.0 / 3, f.Value!.Value, 12);
    }

    [Fact]
    public void One_observation_per_cluster_is_fully_independent()
    {
        Assert.Equal(3.0, EffectiveSampleSize.Of([("A", true), ("B", false), ("C", true)]).Value);
    }

    [Fact]
    public void Bootstrap_interval_is_reproducible_and_brackets_the_rate()
    {
        var obs = Enumerable.Range(0, 8).SelectMany(t => Enumerable.Range(0, 3).Select(l => ($"T{t}", (t + l) % 2 == 0))).ToList();
        var a = Bootstrap.Rate(obs, "tasks", 500, new Random(1));
        var b = Bootstrap.Rate(obs, "tasks", 500, new Random(1));
        Assert.Equal(a, b);
        Assert.True(a.Lower < 0.5 && a.Upper > 0.5);
        Assert.StartsWith("not computable", Bootstrap.Rate([("T", true)], "tasks", 100, new Random(1)).Status);
    }

    [Fact]
    public void Stable_seeds_do_not_depend_on_the_process()
    {
        // FNV-1a of "1|x": fixed by the algorithm, not by string.GetHashCode
        Assert.Equal(StableSeed.Of(1, "x"), StableSeed.Of(1, "x"));
        Assert.NotEqual(StableSeed.Of(1, "x"), StableSeed.Of(2, "x"));
    }
}
