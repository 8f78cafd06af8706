using Emergence.Analysis;

namespace Emergence.Tests.Analysis;

public class PredictionLimitsTests
{
    private static readonly IReadOnlyList<TaskPoint> Points =
    [
        new("COPY", "easy", 3, 100),
        new("REV", "easy", 5, 50),
        new("PAR", "easy", 6, null),     // never emerged: left out
        new("ADD", "hard", 4, 400),
        new("MOD", "hard", 2, 800),
    ];

    [Fact]
    public void Concordance_splits_are_worked_out_by_hand()
    {
        var c = PredictionLimits.Concordances([Points]).ToDictionary(x => x.Split);
        // cross-class pairs: COPY-ADD concordant; COPY-MOD, REV-ADD, REV-MOD discordant; PAR-ADD, PAR-MOD left out
        Assert.Equal((1, 6, 0, 2), (c["cross-class"].Concordant, c["cross-class"].Pairs, c["cross-class"].Ties, c["cross-class"].Excluded));
        Assert.Equal(0.25, c["cross-class"].Share);
        Assert.Equal(4, c["cross-class"].Points);  // COPY, REV, ADD, MOD behind the decided pairs
        // within-easy: COPY-REV discordant, two pairs with PAR left out
        Assert.Equal(0.0, c["within-easy"].Share);
        Assert.Equal(2, c["within-easy"].Excluded);
        // within-hard: ADD-MOD discordant
        Assert.Equal(0.0, c["within-hard"].Share);
        Assert.Equal(1.0 / 6, c["all"].Share!.Value, 12);
    }

    [Fact]
    public void Ties_are_counted_and_left_out_of_the_share()
    {
        var c = PredictionLimits.Concordances([[new("ADD", "hard", 4, 400), new("MOD", "hard", 2, 400), new("MUL", "hard", 1, 100)]])
            .First(x => x.Split == "within-hard");
        // ADD-MOD tie in emergence; ADD-MUL (3)(300) > 0 and MOD-MUL (1)(300) > 0 concordant
        Assert.Equal((2, 3, 1), (c.Concordant, c.Pairs, c.Ties));
        Assert.Equal(1.0, c.Share);
    }

    [Fact]
    public void Spearman_is_worked_out_by_hand()
    {
        var run = new SyntheticRun("nano", [0]).Accuracy("ADD", 1, _ => 0).Data();
        var s = PredictionLimits.Spearman(run, Points);
        // F = 3,5,4,2 -> ranks 2,4,3,1; E = 100,50,400,800 -> ranks 2,1,3,4; Σd² = 18; rho = 1 − 6·18/(4·15) = −0.8
        Assert.Equal(-0.8, s.Rho!.Value, 12);
        Assert.Equal(4, s.Tasks);
        Assert.Equal(1, s.Excluded);
        Assert.Null(PredictionLimits.Spearman(run, Points.Take(2).ToList()).Rho);
    }

    [Fact]
    public void Swap_test_counts_reversed_pairs_and_those_early_rankme_predicted()
    {
        IReadOnlyList<TaskPoint> small = [new("COPY", "easy", 1, 100), new("ADD", "hard", 1, 400), new("MOD", "hard", 1, 800)];
        IReadOnlyList<TaskPoint> large = [new("COPY", "easy", 5, 500), new("ADD", "hard", 3, 300), new("MOD", "hard", 6, 200)];
        var swap = PredictionLimits.Swap([("nano", small), ("micro", large)]);
        // all three pairs reverse; only COPY-ADD has (F_i − F_j)(E_i − E_j) > 0 in the larger model: (5−3)(500−300)
        Assert.Equal(3, swap.Reversed);
        Assert.Equal(1, swap.Predicted);
        Assert.Equal(1.0 / 3, swap.Share!.Value, 12);
        Assert.Equal(("COPY", "ADD"), (swap.Pairs.Single(p => p.Predicted).TaskA, swap.Pairs.Single(p => p.Predicted).TaskB));
        Assert.Null(PredictionLimits.Swap([("nano", small)]).Share);
    }
}
