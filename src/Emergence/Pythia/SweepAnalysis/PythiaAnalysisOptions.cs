namespace Emergence.Pythia.SweepAnalysis;

/// <summary>Settings of <see cref="PythiaAnalyzer"/>; defaults are the paper's where it gives one.</summary>
public sealed record PythiaAnalysisOptions
{
    /// <summary>Points of the uniform grid in u = log10(step + 1) the series are interpolated onto. Default 100.</summary>
    public int GridPoints { get; init; } = 100;

    /// <summary>Cross-correlation lags −MaxLag..+MaxLag grid points. Paper: 20.</summary>
    public int MaxLag { get; init; } = 20;

    /// <summary>Precursor: peak |r| must exceed this at a negative lag. Paper: 0.3.</summary>
    public double Threshold { get; init; } = 0.3;

    /// <summary>A lag's correlation needs at least this many pairs. Default 10.</summary>
    public int MinPairs { get; init; } = 10;

    /// <summary>Phase-randomised null replicates per precursor unit (0 = none). Default 200.</summary>
    public int NullReplicates { get; init; } = 200;

    /// <summary>Seed of the null surrogates.</summary>
    public int RandomSeed { get; init; } = 12345;

    /// <summary>GP kernel hyper-parameter grid and noise (<see cref="GpSettings.Default"/>).</summary>
    public GpSettings Gp { get; init; } = GpSettings.Default;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad option.</summary>
    public void Validate()
    {
        if (GridPoints < 3) throw new ArgumentException($"--grid must be at least 3 (got {GridPoints}).");
        if (MaxLag < 1) throw new ArgumentException($"--max-lag must be at least 1 (got {MaxLag}).");
        if (MaxLag >= GridPoints - 2) throw new ArgumentException($"--max-lag ({MaxLag}) must be smaller than --grid minus 2 ({GridPoints - 2}).");
        if (!(Threshold is >= 0 and < 1)) throw new ArgumentException($"--threshold must be in [0, 1) (got {Threshold}).");
        if (MinPairs < 3) throw new ArgumentException($"--min-pairs must be at least 3 (got {MinPairs}).");
        Gp.Validate();
        if (NullReplicates < 0) throw new ArgumentException($"--null-replicates must be >= 0 (got {NullReplicates}).");
    }
}
