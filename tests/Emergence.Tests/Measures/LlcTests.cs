using Emergence.Measures;
using Emergence.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Tests.Measures;

/// <summary>
/// Known learning coefficients, with devinterp's own acceptance rule
/// (tests/slt/sampler_accuracy_test.py): the true value lies within mean +- 2 std over chains.
/// </summary>
public class LlcTests
{
    [Fact]
    public void Regular_linear_regression_has_half_its_dimension()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(31);
        int n = 1000, d = 6;
        var x = torch.randn(n, d, dtype: float64);
        var y = x.matmul(torch.randn(d, 1, dtype: float64)) + 0.5 * torch.randn(n, 1, dtype: float64);
        var wStar = torch.linalg.lstsq(x, y).Solution;             // the minimum of the empirical loss
        var w = wStar.clone().requires_grad_();
        var before = w.detach().clone();
        var options = new LlcOptions
        {
            Epsilon = 2e-4, Gamma = 1.0, NBeta = LlcOptions.DefaultNBeta(n), Chains = 4, Draws = 2000, BurnIn = 200, BatchSize = n, Seed = 5,
        };
        var r = Llc.Estimate([w], _ => (x.matmul(w) - y).pow(2).mean(), options);
        double truth = d / 2.0;
        Assert.InRange(truth, r.Mean - 2 * r.Std, r.Mean + 2 * r.Std);
        Assert.InRange(r.Mean, 0.85 * truth, 1.15 * truth);
        Assert.False(r.Negative);
        Assert.False(r.NonFinite);
        Assert.All(r.ChainAcceptance, a => Assert.InRange(a, 0.5, 1.0));
        Assert.All(r.Chains, c => Assert.Equal(2200, c.Losses.Length));
        Assert.All(r.Chains, c => Assert.Equal(2199, c.Acceptance.Length));
        // The full-batch loss at w* has no spread over batches: the standard error is the chains' alone.
        Assert.Equal(0, r.InitLossStandardError, 12);
        Assert.Equal(r.Std / Math.Sqrt(4), r.StandardError, 12);
        Assert.False(r.BelowStandardError);
        Assert.True(w.detach().eq(before).all().item<bool>(), "weights restored exactly");
    }

    [Fact]
    public void At_the_papers_settings_the_estimate_is_the_quadratic_localisation_term_not_half_the_dimension()
    {
        // gamma = 1e4, n_beta = 1, eps = 1e-5: the localisation dominates the loss (gamma >> n_beta lambda_max(H)), so the
        // chain is Gaussian around w* with, per eigendirection h of H, a = 1 - eps (n_beta h + gamma) / 2 and stationary
        // variance eps / (1 - a^2); the estimate's expectation is n_beta sum_h h/2 eps/(1 - a^2), about
        // n_beta tr(H) / (2 gamma (1 - eps gamma / 4)) (LlcHessianTrace), here ~6e-4, nowhere near d/2 = 3.
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(31);
        int n = 1000, d = 6;
        var x = torch.randn(n, d, dtype: float64);
        var y = x.matmul(torch.randn(d, 1, dtype: float64)) + 0.5 * torch.randn(n, 1, dtype: float64);
        var wStar = torch.linalg.lstsq(x, y).Solution;
        var w = wStar.clone().requires_grad_();
        var options = new LlcOptions { Epsilon = 1e-5, Gamma = 1e4, NBeta = 1, Chains = 4, Draws = 4000, BurnIn = 200, BatchSize = n, Seed = 5 };

        var r = Llc.Estimate([w], _ => (x.matmul(w) - y).pow(2).mean(), options);

        var h = torch.linalg.eigvalsh(2 * x.t().matmul(x) / n).data<double>().ToArray(); // Hessian of the mean squared error
        double expected = h.Sum(hi => { double a = 1 - 1e-5 * (hi + 1e4) / 2; return hi / 2 * 1e-5 / (1 - a * a); });
        double quadraticTerm = h.Sum() / (2 * 1e4 * (1 - 1e-5 * 1e4 / 4));
        Assert.Equal(quadraticTerm, expected, quadraticTerm * 1e-3);
        Assert.InRange(r.Mean, 0.95 * expected, 1.05 * expected);
    }

    [Theory]
    [InlineData(1, 2, 0.25)]
    [InlineData(0, 1, 0.5)]
    [Trait(Category.Name, Category.Slow)]
    public void Normal_crossing_has_one_over_twice_the_largest_power(int p1, int p2, double truth)
    {
        using var scope = torch.NewDisposeScope();
        // devinterp's normal-crossing fixture: x ~ N(0, 2), y = 0.25 N(0, 1), f(x) = x * w1^p1 * w2^p2, w* = 0.
        torch.manual_seed(42);
        int n = 1000;
        var x = torch.normal(0, 2, [n], dtype: float64);
        var y = 0.25 * torch.randn(n, dtype: float64);
        var w = torch.zeros(2, dtype: float64).requires_grad_();
        var powers = torch.tensor(new double[] { p1, p2 }, dtype: float64);
        Tensor Loss() => (x * w.pow(powers).prod() - y).pow(2).mean();
        var options = new LlcOptions
        {
            Epsilon = 2e-4, Gamma = 0, NBeta = LlcOptions.DefaultNBeta(n), Chains = 6, Draws = 2000, BurnIn = 0,
            BatchSize = n, BoundingBox = 1.0, Seed = 42,
        };
        var r = Llc.Estimate([w], _ => Loss(), options);
        Assert.InRange(truth, r.Mean - 2 * r.Std, r.Mean + 2 * r.Std);
        Assert.True(w.detach().eq(torch.zeros(2, dtype: float64)).all().item<bool>());
    }

    [Fact]
    public void A_non_minimum_gives_a_negative_estimate_flagged_not_thrown()
    {
        using var scope = torch.NewDisposeScope();
        // Start on a slope: SGLD descends, the draws' loss falls below L(w*).
        var w = torch.tensor(new double[] { 3.0 }, dtype: float64).requires_grad_();
        var options = new LlcOptions { Epsilon = 1e-2, Gamma = 0, NBeta = 10, Chains = 2, Draws = 50, BurnIn = 0, BatchSize = 10 };
        var r = Llc.Estimate([w], _ => w.pow(2).sum(), options);
        Assert.True(r.Mean < 0);
        Assert.True(r.Negative);
        Assert.Equal(3.0, w.item<double>());
    }

    [Fact]
    public void A_diverging_chain_is_flagged_not_thrown()
    {
        using var scope = torch.NewDisposeScope();
        var w = torch.tensor(new double[] { 1.0 }, dtype: float64).requires_grad_();
        var options = new LlcOptions { Epsilon = 1.0, Gamma = 0, NBeta = 100, Chains = 2, Draws = 200, BurnIn = 0, BatchSize = 10 };
        var r = Llc.Estimate([w], _ => w.pow(4).sum(), options);
        Assert.True(r.NonFinite);
        Assert.Equal(1.0, w.item<double>());
        Assert.NotEmpty(LlcMeasure.Rows(7, r));
    }

    [Fact]
    public void Presets_are_explicit()
    {
        Assert.Equal(1.0, LlcOptions.Paper.EffectiveNBeta);
        Assert.Equal(1e-5, LlcOptions.Paper.Epsilon);
        Assert.Equal(10_000, LlcOptions.Paper.Gamma);
        Assert.Equal(500, LlcOptions.Paper.Draws + LlcOptions.Paper.BurnIn);
        Assert.Equal(64 / Math.Log(64), LlcOptions.Devinterp.EffectiveNBeta, 12);
        Assert.Throws<ArgumentException>(() => LlcOptions.FromPreset("bogus"));
    }
}

public class LlcUncertaintyTests
{
    [Fact]
    public void Batch_means_variance_of_independent_draws_is_the_variance_of_the_mean()
    {
        // 400 draws alternating +-1: b = 20, every batch mean is 0 -> variance 0.
        var alternating = Enumerable.Range(0, 400).Select(i => i % 2 == 0 ? 1.0 : -1.0).ToArray();
        Assert.Equal(0, LlcResult.BatchMeansVariance(alternating), 15);
        // Batches of 2 (n = 4, b = 2, a = 2): means 1 and 3, sample variance 2, divided by a = 2 -> 1.
        Assert.Equal(1.0, LlcResult.BatchMeansVariance([0.0, 2.0, 2.0, 4.0]), 15);
        Assert.True(double.IsNaN(LlcResult.BatchMeansVariance([1.0])));   // one batch: no variance
    }

    [Fact]
    public void The_standard_error_adds_the_chains_and_the_initial_loss()
    {
        var options = new LlcOptions { Chains = 2, Draws = 2, BurnIn = 1, NBeta = 10 };
        LlcChain Chain(double a, double b) => new([9.0, a, b], [0, 0, 0], [0.5, 1.0]);
        // Chain draw means 1 and 3; L0 = 0.5 with standard error 0.1.
        var r = LlcResult.From([Chain(1, 1), Chain(3, 3)], new LlcInitialLoss(0.5, 0.1, 16), options);
        Assert.Equal([5.0, 25.0], r.PerChain);
        Assert.Equal(15, r.Mean, 12);
        Assert.Equal(Math.Sqrt(200), r.Std, 12);                       // std of {5, 25}
        Assert.Equal(10 * Math.Sqrt(2.0 / 2), r.ChainsStandardError, 12);  // n_beta s_D / sqrt(C), s_D = sqrt(2)
        Assert.Equal(1.0, r.InitLossStandardError, 12);
        Assert.Equal(Math.Sqrt(100 + 1), r.StandardError, 12);
        Assert.False(r.BelowStandardError);
        Assert.Equal(0.75, r.Acceptance, 12);                         // transitions 0->1 and 1->2
        Assert.Equal(1.0, r.AcceptanceDraws, 12);                     // from the first draw to the second only
        Assert.False(r.LowAcceptance);
    }

    [Fact]
    public void An_estimate_smaller_than_its_error_and_a_low_acceptance_are_flagged_and_warned()
    {
        var options = new LlcOptions { Chains = 1, Draws = 4, BurnIn = 0, NBeta = 1, Epsilon = 1e-5 };
        var r = LlcResult.From([new LlcChain([1.0, 1.2, 0.8, 1.0], [0, 0, 0, 0], [0.4, 0.5, 0.6])], new LlcInitialLoss(0.99, 0.05, 64), options);
        Assert.Equal(0.01, r.Mean, 12);
        Assert.True(r.BelowStandardError);
        Assert.True(r.LowAcceptance);
        var rows = LlcMeasure.Rows(3, r).ToDictionary(x => (x.Name, x.Level), x => x.Value);
        Assert.Equal(1, rows[("llc_below_se", 0)]);
        Assert.Equal(1, rows[("llc_low_acceptance", 0)]);
        Assert.Equal(0.5, rows[("llc_mala_acceptance_draws", 0)], 12);
        Assert.Equal(0.5, rows[("llc_chain_mala_acceptance_draws", 1)], 12);
        Assert.Equal(64 * 64, rows[("llc_init_loss_examples", 0)]);
        Assert.Equal(0.05, rows[("llc_init_loss_se", 0)]);
        Assert.False(rows.ContainsKey(("llc_std", 0))); // one chain: no spread over chains, llc_se instead
        var warning = LlcMeasure.Warning(3, r);
        Assert.NotNull(warning);
        Assert.Contains("0.500", warning);
        Assert.Contains("step 3", warning);
    }

    [Theory]
    [InlineData("epsilon", "LLC step size epsilon must be a positive number (got 0).")]
    [InlineData("gamma", "LLC localisation gamma must be a non-negative number (got -1).")]
    [InlineData("nbeta", "LLC n_beta must be a positive number (got 0).")]
    [InlineData("chains", "LLC chains must be at least 1 (got 0).")]
    [InlineData("draws", "LLC draws must be at least 1 (got 0).")]
    [InlineData("burnin", "LLC burn-in must be 0 or more steps (got -1).")]
    [InlineData("steps", "LLC burn-in + draws must be at most 1000000 steps (got 1000001).")]
    [InlineData("batch", "LLC batch size must be at least 2 (got 1).")]
    [InlineData("init", "LLC L(w*) batches must be between 1 and 1000000 (got 0).")]
    [InlineData("box", "LLC bounding box must be a positive number or absent (got 0).")]
    public void Each_bad_setting_has_its_own_message(string which, string message)
    {
        var good = new LlcOptions();
        good.Validate();
        var bad = which switch
        {
            "epsilon" => good with { Epsilon = 0 },
            "gamma" => good with { Gamma = -1 },
            "nbeta" => good with { NBeta = 0 },
            "chains" => good with { Chains = 0 },
            "draws" => good with { Draws = 0 },
            "burnin" => good with { BurnIn = -1 },
            "steps" => good with { Draws = 1_000_000, BurnIn = 1 },
            "batch" => good with { BatchSize = 1 },
            "init" => good with { InitLossBatches = 0 },
            _ => good with { BoundingBox = 0 },
        };
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => bad.Validate()).Message);
    }
}
