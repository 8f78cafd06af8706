using Emergence.Tasks;

namespace Emergence.Tests.Tasks;

public class MajorityBaselineTests
{
    private static MajorityAnswer Exact(string taskLevel) => MajorityBaseline.Exact(TaskLevel.Parse(taskLevel));

    [Theory]
    [InlineData("PAR_L1", "EVEN", "1/2")]     // 8 of the 16 bit strings have an even count of ones; EVEN < ODD in ordinal order
    [InlineData("PAR_L2", "EVEN", "1/2")]
    [InlineData("PAR_L3", "EVEN", "1/2")]
    [InlineData("CMP_L1", "EQUAL", "2/5")]    // 1/3 + 2/3 · 10/100
    [InlineData("CMP_L2", "EQUAL", "46/135")] // 1/3 + 2/3 · 1/90
    [InlineData("CMP_L3", "EQUAL", "451/1350")] // 1/3 + 2/3 · 1/900
    [InlineData("MOD_L1", "0", "163603/523838")] // 1/4 (11/21 + 11/31 + 11/51 + 11/71): 0 is hit by x = 0, p, ..., 10p
    [InlineData("ADD_L1", "9", "1/10")]       // 10 of the 100 pairs (a, 9 − a)
    [InlineData("MUL_L1", "0", "19/100")]     // 19 of 100 pairs have a factor 0
    [InlineData("MUL_L2", "0", "1/10")]       // a = 0: 90 of 900 pairs
    [InlineData("COPY_L1", "0 0 0", "1/1000")] // one-to-one: every answer 1/10^3, ties broken by ordinal order
    [InlineData("REV_L3", "0 0 0 0 0 0 0 0", "1/100000000")]
    [InlineData("SORT_L1", "0 1 2", "3/500")]  // 3!/10^3 for three distinct digits
    [InlineData("SORT_L3", "0 1 2 3 4 5 6 7", "63/156250")] // 8!/10^8
    public void The_exact_baseline_matches_a_hand_computation(string taskLevel, string answer, string share)
    {
        var b = Exact(taskLevel);
        Assert.Equal(answer, b.Answer);
        Assert.Equal(share, b.Share.ToString());
    }

    public static TheoryData<string> AllTaskLevels() => [.. TaskLevel.All.Select(t => t.Name)];

    /// <summary>The enumeration and the generator describe the same distribution: the majority answer's share of 8,000 draws is within 4.5 sd of b.</summary>
    [Theory]
    [MemberData(nameof(AllTaskLevels))]
    public void The_exact_baseline_agrees_with_the_generator(string name)
    {
        var taskLevel = TaskLevel.Parse(name);
        var b = MajorityBaseline.Exact(taskLevel);
        const int n = 8000;
        var rng = new SplitMix64(99);
        int hits = Enumerable.Range(0, n).Count(_ => TaskGenerator.Generate(taskLevel, rng).Answer == b.Answer);
        double p = b.Share.ToDouble(), sd = Math.Sqrt(p * (1 - p) / n);
        Assert.InRange((double)hits / n, p - 4.5 * sd - 1.0 / n, p + 4.5 * sd + 1.0 / n);
        // and no other answer is clearly more common in the sample
        var top = Enumerable.Range(0, n).Select(_ => TaskGenerator.Generate(taskLevel, rng).Answer).GroupBy(a => a).Max(g => g.Count());
        Assert.True((double)top / n <= p + 4.5 * sd + 1.0 / n + 0.01, $"{name}: sampled majority share {top / (double)n} above b = {p}");
    }

    [Fact]
    public void On_a_fixed_set_the_share_is_counted_and_ties_go_to_the_first_answer_in_ordinal_order()
    {
        var tl = TaskLevel.Parse("CMP_L1");
        var set = new[] { "LESS", "GREATER", "GREATER", "LESS", "EQUAL" }.Select(a => new TaskExample(tl, "CMP 1 2 =", a)).ToList();
        var b = MajorityBaseline.OnSet(set);
        Assert.Equal(("GREATER", "2/5"), (b.Answer, b.Share.ToString()));
    }

    [Fact]
    public void Fractions_are_kept_in_lowest_terms_and_compare_exactly()
    {
        Assert.Equal("1/3", new ExactFraction(2, 6).ToString());
        Assert.Equal("5/6", (new ExactFraction(1, 2) + new ExactFraction(1, 3)).ToString());
        Assert.True(new ExactFraction(451, 1350).CompareTo(new ExactFraction(1, 3)) > 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExactFraction(1, 0));
    }
}
