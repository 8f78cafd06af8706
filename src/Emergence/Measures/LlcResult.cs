namespace Emergence.Measures;

/// <summary>The trace of one SGLD chain: the batch loss and ||w_t - w*|| at every step (burn-in
/// included; shorter than the chain when it diverged) and the MALA acceptance probability of every
/// transition t -> t + 1 (index t).</summary>
public sealed record LlcChain(double[] Losses, double[] Distances, double[] Acceptance);

/// <summary>L(w*): the mean of the loss at w* over K batches, and its standard error s / sqrt(K).</summary>
public sealed record LlcInitialLoss(double Mean, double StandardError, int Batches);

/// <summary>
/// One LLC estimate with its uncertainty and diagnostics. With D_c the mean draw loss of chain c
/// (C chains, n draws each) and L0 the mean loss at w* over K batches:
/// <code>
///   lambda_c = n_beta (D_c - L0),   llc = mean over finite chains of lambda_c = n_beta (mean_c D_c - L0)
///   llc_std  = sample std of lambda_c over chains (ddof 1; NaN with one chain, and then not stored)
///   Var(llc) = n_beta^2 (Var(mean_c D_c) + Var(L0))                          (1)
///   Var(L0)  = s_K^2 / K,  s_K = sample std of the K batch losses at w*
///   Var(mean_c D_c) = s_D^2 / C                           for C >= 2,        (2)
///                   = s_M^2 / a  (batch means, b = floor(sqrt n), a = floor(n / b))  for C = 1   (3)
///   llc_se = sqrt(Var(llc))
/// </code>
/// (1): the chains and the L(w*) set use disjoint batches and independent noise, so given w* the two
/// terms are independent and their variances add. (2): the chains are independent and identically
/// distributed given w*, so the sample variance of their means estimates Var(D_c) without any
/// assumption on the chains' autocorrelation. (3): one chain's draws are autocorrelated; the
/// non-overlapping batch-means estimator (Flegal and Jones 2010, "Batch means and spectral variance
/// estimators in MCMC", Ann. Statist. 38) uses the sample std s_M of the a means of b consecutive
/// draws. An estimate with |llc| below llc_se is not distinguishable from 0.
/// MALA acceptance: the mean over all transitions (burn-in included) and over the transitions between
/// draws only (from a draw to the next: devinterp's convention); below 0.9 eps is too large.
/// </summary>
public sealed record LlcResult(double[] PerChain, LlcInitialLoss InitLoss, double ChainsStandardError,
    LlcChain[] Chains, LlcOptions Options, double NBeta)
{
    /// <summary>MALA acceptance over draws below this flags <see cref="LowAcceptance"/> (eps too large).</summary>
    public const double AcceptanceWarningThreshold = 0.9;

    private double[] Finite => [.. PerChain.Where(double.IsFinite)];
    /// <summary>llc: the mean of the finite per-chain estimates (NaN when none is finite).</summary>
    public double Mean => Finite is { Length: > 0 } f ? f.Average() : double.NaN;
    /// <summary>llc_std: the sample standard deviation of the finite per-chain estimates (NaN with fewer than two).</summary>
    public double Std => Finite is { Length: > 1 } f ? SampleStd(f) : double.NaN;
    /// <summary>The L(w*) part of the standard error, n_beta times the standard error of L0.</summary>
    public double InitLossStandardError => NBeta * InitLoss.StandardError;
    /// <summary>llc_se = sqrt(Var(llc)), formula (1): the chains' part and the L(w*) part added in quadrature.</summary>
    public double StandardError => Math.Sqrt(ChainsStandardError * ChainsStandardError + InitLossStandardError * InitLossStandardError);
    /// <summary>|llc| below its standard error, or no standard error computable.</summary>
    public bool BelowStandardError => !(Math.Abs(Mean) >= StandardError);
    /// <summary>llc below 0: the weights are not at a local minimum (kept, not rejected).</summary>
    public bool Negative => Mean < 0;
    /// <summary>A chain diverged (NaN estimate) or no chain gave a finite estimate.</summary>
    public bool NonFinite => PerChain.Any(x => !double.IsFinite(x)) || !double.IsFinite(Mean);

    /// <summary>Per chain, the mean MALA acceptance over all its transitions (burn-in included).</summary>
    public double[] ChainAcceptance => [.. Chains.Select(c => MeanOrNaN(c.Acceptance))];
    /// <summary>Per chain, the mean MALA acceptance over the transitions between draws (devinterp's convention).</summary>
    public double[] ChainAcceptanceDraws => [.. Chains.Select(c => MeanOrNaN(c.Acceptance.Skip(Options.BurnIn)))];
    /// <summary>The mean over chains of <see cref="ChainAcceptance"/>.</summary>
    public double Acceptance => MeanOrNaN(ChainAcceptance.Where(double.IsFinite));
    /// <summary>The mean over chains of <see cref="ChainAcceptanceDraws"/>.</summary>
    public double AcceptanceDraws => MeanOrNaN(ChainAcceptanceDraws.Where(double.IsFinite));
    /// <summary><see cref="AcceptanceDraws"/> below <see cref="AcceptanceWarningThreshold"/>.</summary>
    public bool LowAcceptance => AcceptanceDraws < AcceptanceWarningThreshold;

    /// <summary>Combines the chains into an estimate (formulas above).</summary>
    public static LlcResult From(LlcChain[] chains, LlcInitialLoss initLoss, LlcOptions options)
    {
        double nBeta = options.EffectiveNBeta;
        var drawMeans = chains.Select(c => c.Losses.Length == options.Steps ? c.Losses.Skip(options.BurnIn).Average() : double.NaN).ToArray();
        var perChain = drawMeans.Select(d => nBeta * (d - initLoss.Mean)).ToArray();
        var finite = drawMeans.Where(double.IsFinite).ToArray();
        double varianceOfMean = finite.Length switch
        {
            0 => double.NaN,
            1 => BatchMeansVariance([.. chains[Array.FindIndex(drawMeans, double.IsFinite)].Losses.Skip(options.BurnIn)]),
            _ => Math.Pow(SampleStd(finite), 2) / finite.Length,
        };
        return new LlcResult(perChain, initLoss, nBeta * Math.Sqrt(varianceOfMean), chains, options, nBeta);
    }

    /// <summary>Variance of the mean of autocorrelated draws by non-overlapping batch means, formula (3).</summary>
    public static double BatchMeansVariance(double[] draws)
    {
        int b = (int)Math.Floor(Math.Sqrt(draws.Length)), a = b > 0 ? draws.Length / b : 0;
        if (a < 2) return double.NaN;
        var means = Enumerable.Range(0, a).Select(i => draws.Skip(i * b).Take(b).Average()).ToArray();
        return Math.Pow(SampleStd(means), 2) / a;
    }

    /// <summary>Sample standard deviation (ddof 1).</summary>
    public static double SampleStd(IReadOnlyList<double> x)
    {
        double mean = x.Average();
        return Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (x.Count - 1));
    }

    private static double MeanOrNaN(IEnumerable<double> x) => x.DefaultIfEmpty(double.NaN).Average();
}
