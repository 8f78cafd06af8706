namespace Emergence.Tasks;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014): a tiny seeded generator whose stream is fixed by
/// its definition, so data sets are reproducible across runtimes and languages.
/// Streams for sub-purposes are derived with <see cref="Derive"/>.
/// </summary>
public sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    /// <summary>The next 64-bit value of the stream.</summary>
    public ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform integer in [0, bound) by rejection (no modulo bias).</summary>
    public int Next(int bound)
    {
        if (bound <= 0) throw new ArgumentOutOfRangeException(nameof(bound), bound, "must be positive");
        ulong b = (ulong)bound, limit = ulong.MaxValue - ulong.MaxValue % b;
        ulong x;
        do x = NextUInt64(); while (x >= limit);
        return (int)(x % b);
    }

    /// <summary>Uniform integer in [min, max] inclusive.</summary>
    public int NextInclusive(int min, int max) => min + Next(max - min + 1);

    /// <summary>A generator for the sub-stream (seed, a, b): independent of draw order elsewhere.</summary>
    public static SplitMix64 Derive(ulong seed, long a, long b = 0)
    {
        var mixer = new SplitMix64(seed ^ 0x5851F42D4C957F2DUL);
        ulong s = mixer.NextUInt64() ^ (ulong)a * 0xD6E8FEB86659FD93UL;
        s = new SplitMix64(s).NextUInt64() ^ (ulong)b * 0x9E3779B97F4A7C15UL;
        return new SplitMix64(new SplitMix64(s).NextUInt64());
    }
}
