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
    public void With_two_clusters_the_bootstrap_distribution_is_enumerated_exactly()
    {
        // Resamples {A, A} (p 1/4, rate 1), {A, B} (p 1/2, rate 1/2), {B, B} (p 1/4, rate 0).
        var ci = Bootstrap.Rate([("A", true), ("B", false)], "seeds", 1000, new Random(1));

        Assert.True(ci.Exact);
        Assert.Equal(3, ci.Resamples);
        Assert.Equal(0.0, ci.Lower);
        Assert.Equal(1.0, ci.Upper);
    }

    [Fact]
    public void Three_seeds_give_the_exact_percentiles_whatever_the_random_stream()
    {
        // Seed rates 1/24, 1/24, 17/24: all three draws are the third seed with p 1/27 = 0.037 > 0.025, so the
        // 97.5th percentile is 17/24; no draw of it has p (2/3)^3 = 0.296, so the 2.5th is 1/24.
        var observations = new List<(string, bool)>();
        foreach (var (seed, successes) in new[] { ("s0", 1), ("s1", 1), ("s2", 17) })
            observations.AddRange(Enumerable.Range(0, 24).Select(i => (seed, i < successes)));

        var a = Bootstrap.Rate(observations, "seeds", 1000, new Random(1));
        var b = Bootstrap.Rate(observations, "seeds", 1000, new Random(2));

        Assert.Equal(a, b);
        Assert.Equal(10, a.Resamples); // C(5, 3) multisets of three seeds
        Assert.Equal(1.0 / 24, a.Lower!.Value, 12);
        Assert.Equal(17.0 / 24, a.Upper!.Value, 12);
    }

    [Fact]
    public void Above_ten_clusters_the_interval_comes_from_reproducible_random_resamples()
    {
        var obs = Enumerable.Range(0, 12).Select(t => ($"T{t}", t % 3 == 0)).ToList();
        var a = Bootstrap.Rate(obs, "tasks", 2000, new Random(7));

        Assert.False(a.Exact);
        Assert.Equal(2000, a.Resamples);
        Assert.Equal(a, Bootstrap.Rate(obs, "tasks", 2000, new Random(7)));
        Assert.True(a.Lower < 1.0 / 3 && a.Upper > 1.0 / 3);
    }

    [Fact]
    public void Stable_seeds_do_not_depend_on_the_process()
    {
        // FNV-1a of "1|x": fixed by the algorithm, not by string.GetHashCode
        Assert.Equal(StableSeed.Of(1, "x"), StableSeed.Of(1, "x"));
        Assert.NotEqual(StableSeed.Of(1, "x"), StableSeed.Of(2, "x"));
    }
}
