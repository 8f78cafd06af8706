namespace Emergence.Measures;

/// <summary>
/// Hyper-parameters of the LLC estimate, all recorded with it. Presets:
/// <list type="bullet">
/// <item><c>paper</c>: PROTOCOL §4.3 as stated: 500 SGLD steps of which the first 100 are burn-in
/// (400 draws), eps = 1e-5, gamma = 10,000, and "beta 1.0" read literally as the multiplier of
/// the loss gradient, n_beta = 1.0. 4 chains, batch 64 (the training batch size).</item>
/// <item><c>devinterp</c>: the same chain lengths and step size with devinterp's recommended
/// inverse temperature n_beta = B / ln B (B = batch size; 15.4 for B = 64) and its customary
/// localisation gamma = 100.</item>
/// </list>
/// Both estimate L(w*) on <see cref="InitLossBatches"/> = 64 batches of the batch size (4,096
/// training examples, the same at every checkpoint).
/// Warning (as devinterp warns): the estimate depends on every one of these; compare values
/// only across checkpoints measured with identical settings. With n_beta = 1 and gamma = 10,000
/// the chain barely leaves w* (the Gaussian pull has std 1/sqrt(gamma) = 0.01 per coordinate)
/// and lambda_hat is a small number dominated by the loss's curvature at w*.
/// </summary>
public sealed record LlcOptions
{
    /// <summary>The preset these settings started from (paper or devinterp), recorded with the estimate.</summary>
    public string Preset { get; init; } = "paper";
    /// <summary>SGLD step size eps.</summary>
    public double Epsilon { get; init; } = 1e-5;
    /// <summary>Localisation strength gamma of the pull towards w* (0 = none).</summary>
    public double Gamma { get; init; } = 10_000;
    /// <summary>n_beta; null = B / ln B (devinterp's default).</summary>
    public double? NBeta { get; init; } = 1.0;
    /// <summary>Independent SGLD chains C.</summary>
    public int Chains { get; init; } = 4;
    /// <summary>Draws per chain after burn-in n.</summary>
    public int Draws { get; init; } = 400;
    /// <summary>Steps per chain before the draws, not counted in the estimate.</summary>
    public int BurnIn { get; init; } = 100;
    /// <summary>Examples B per minibatch (sets the default n_beta = B / ln B; the library reads batches of the caller's size).</summary>
    public int BatchSize { get; init; } = 64;
    /// <summary>L(w*) is the mean loss at w* over this many batches of <see cref="BatchSize"/> examples
    /// (devinterp's multi-batch initial loss), drawn from <see cref="Seed"/> apart from the chains' batches.</summary>
    public int InitLossBatches { get; init; } = 64;
    /// <summary>devinterp's bounding box: every coordinate is clamped to w* +- this after each step (null = none).</summary>
    public double? BoundingBox { get; init; }
    /// <summary>Seed of the chains' noise (chain c: Seed + c x Llc.ChainSeedStride) and of the GPT's batches.</summary>
    public ulong Seed { get; init; } = 20260203;

    /// <summary>The n_beta used: <see cref="NBeta"/>, or B / ln B when it is null.</summary>
    public double EffectiveNBeta => NBeta ?? DefaultNBeta(BatchSize);
    /// <summary>SGLD steps per chain: burn-in + draws.</summary>
    public int Steps => BurnIn + Draws;
    /// <summary>Training examples in the L(w*) set.</summary>
    public long InitLossExamples => (long)InitLossBatches * BatchSize;

    /// <summary>devinterp's recommendation n_beta = B / ln B.</summary>
    public static double DefaultNBeta(int batchSize) => batchSize / Math.Log(batchSize);

    /// <summary>The paper preset (see the class comment).</summary>
    public static LlcOptions Paper { get; } = new();

    /// <summary>The devinterp preset (see the class comment).</summary>
    public static LlcOptions Devinterp { get; } = new() { Preset = "devinterp", NBeta = null, Gamma = 100 };

    /// <summary>The preset of that name (paper or devinterp); <see cref="ArgumentException"/> for any other.</summary>
    public static LlcOptions FromPreset(string name) => name.Trim().ToLowerInvariant() switch
    {
        "paper" => Paper,
        "devinterp" => Devinterp,
        _ => throw new ArgumentException($"Unknown LLC preset '{name}' (allowed: paper, devinterp)."),
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad value and what is allowed.</summary>
    public LlcOptions Validate()
    {
        static void Require(bool ok, string message)
        {
            if (!ok) throw new ArgumentException(message);
        }
        Require(double.IsFinite(Epsilon) && Epsilon > 0, $"LLC step size epsilon must be a positive number (got {Epsilon}).");
        Require(double.IsFinite(Gamma) && Gamma >= 0, $"LLC localisation gamma must be a non-negative number (got {Gamma}).");
        Require(NBeta is null || (double.IsFinite(NBeta.Value) && NBeta.Value > 0), $"LLC n_beta must be a positive number (got {NBeta}).");
        Require(Chains >= 1, $"LLC chains must be at least 1 (got {Chains}).");
        Require(Draws >= 1, $"LLC draws must be at least 1 (got {Draws}).");
        Require(BurnIn >= 0, $"LLC burn-in must be 0 or more steps (got {BurnIn}).");
        Require(Steps <= Llc.ChainBatchStride, $"LLC burn-in + draws must be at most {Llc.ChainBatchStride} steps (got {(long)BurnIn + Draws}).");
        Require(BatchSize >= 2, $"LLC batch size must be at least 2 (got {BatchSize}).");
        Require(InitLossBatches >= 1 && InitLossBatches <= Llc.ChainBatchStride,
            $"LLC L(w*) batches must be between 1 and {Llc.ChainBatchStride} (got {InitLossBatches}).");
        Require(BoundingBox is null || (double.IsFinite(BoundingBox.Value) && BoundingBox.Value > 0),
            $"LLC bounding box must be a positive number or absent (got {BoundingBox}).");
        return this;
    }
}
