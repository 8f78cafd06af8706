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
/// Warning (as devinterp warns): the estimate depends on every one of these; compare values
/// only across checkpoints measured with identical settings. With n_beta = 1 and gamma = 10,000
/// the chain barely leaves w* (the Gaussian pull has std 1/sqrt(gamma) = 0.01 per coordinate)
/// and lambda_hat is a small number dominated by the loss's curvature at w*.
/// </summary>
public sealed record LlcOptions
{
    public string Preset { get; init; } = "paper";
    public double Epsilon { get; init; } = 1e-5;
    public double Gamma { get; init; } = 10_000;
    /// <summary>n_beta; null = B / ln B (devinterp's default).</summary>
    public double? NBeta { get; init; } = 1.0;
    public int Chains { get; init; } = 4;
    public int Draws { get; init; } = 400;
    public int BurnIn { get; init; } = 100;
    public int BatchSize { get; init; } = 64;
    /// <summary>devinterp's bounding box: every coordinate is clamped to w* +- this after each step (null = none).</summary>
    public double? BoundingBox { get; init; }
    public ulong Seed { get; init; } = 20260203;

    public double EffectiveNBeta => NBeta ?? DefaultNBeta(BatchSize);

    /// <summary>devinterp's recommendation n_beta = B / ln B.</summary>
    public static double DefaultNBeta(int batchSize) => batchSize / Math.Log(batchSize);

    public static LlcOptions Paper { get; } = new();

    public static LlcOptions Devinterp { get; } = new() { Preset = "devinterp", NBeta = null, Gamma = 100 };

    public static LlcOptions FromPreset(string name) => name.Trim().ToLowerInvariant() switch
    {
        "paper" => Paper,
        "devinterp" => Devinterp,
        _ => throw new ArgumentException($"Unknown LLC preset '{name}' (allowed: paper, devinterp)."),
    };

    public void Validate()
    {
        if (!(Epsilon > 0)) throw new ArgumentException($"LLC step size epsilon must be positive (got {Epsilon}).");
        if (!(Gamma >= 0)) throw new ArgumentException($"LLC localisation gamma must be non-negative (got {Gamma}).");
        if (!(EffectiveNBeta > 0)) throw new ArgumentException($"LLC n_beta must be positive (got {EffectiveNBeta}).");
        if (Chains <= 0 || Draws <= 0 || BurnIn < 0 || BatchSize <= 1)
            throw new ArgumentException($"LLC needs chains > 0, draws > 0, burn-in >= 0 and batch size > 1 (got {Chains}, {Draws}, {BurnIn}, {BatchSize}).");
    }
}
