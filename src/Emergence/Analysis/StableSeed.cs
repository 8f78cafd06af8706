namespace Emergence.Analysis;

/// <summary>
/// Seeds derived from the analysis seed and a text key (FNV-1a, 32 bit), so each random draw is
/// reproducible and independent of the order in which units are processed.
/// </summary>
internal static class StableSeed
{
    public static int Of(int seed, string key)
    {
        uint hash = 2166136261;
        foreach (char c in $"{seed}|{key}")
        {
            hash ^= c;
            hash *= 16777619;
        }
        return (int)(hash & 0x7fffffff);
    }

    public static Random Random(int seed, string key) => new(Of(seed, key));
}
