namespace Emergence.Pythia.SweepAnalysis;

/// <summary>
/// Matérn ν = 5/2 covariance of two inputs a distance r = |x − x'| apart:
/// k(r) = σ² (1 + √5 r/ℓ + 5r²/(3ℓ²)) exp(−√5 r/ℓ), with length scale ℓ &gt; 0 and signal variance σ² &gt; 0.
/// k(0) = σ²; the sample paths are twice differentiable, smooth enough for first differences yet not
/// as stiff as the squared-exponential kernel.
/// </summary>
internal readonly record struct MaternKernel(double LengthScale, double SignalVariance)
{
    public double At(double distance)
    {
        double s = Math.Sqrt(5) * Math.Abs(distance) / LengthScale;
        return SignalVariance * (1 + s + s * s / 3) * Math.Exp(-s);
    }
}
