namespace Emergence.Study;

/// <summary>
/// Part <c>Index</c> of <c>Count</c> of a study's runs (<c>--shard i/n</c>, 1-based): run r belongs
/// to shard (r mod n) + 1, so a cluster's array job can spread a study over machines.
/// </summary>
public readonly record struct StudyShard(int Index, int Count)
{
    /// <summary>The single shard 1/1: every run.</summary>
    public static StudyShard Whole => new(1, 1);

    /// <summary>Parses "i/n" (1 &lt;= i &lt;= n); throws <see cref="ArgumentException"/> otherwise.</summary>
    public static StudyShard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], out var i) && int.TryParse(parts[1], out var n) && n >= 1 && i >= 1 && i <= n)
            return new StudyShard(i, n);
        throw new ArgumentException($"Bad --shard '{text}' (expected i/n with 1 <= i <= n, e.g. 2/4).");
    }

    /// <summary>The runs of this shard, in their order.</summary>
    public IReadOnlyList<StudyRun> Select(IReadOnlyList<StudyRun> runs)
    {
        var (index, count) = (Index, Count);
        return [.. runs.Where((_, r) => r % count == index - 1)];
    }

    /// <summary>"i/n".</summary>
    public override string ToString() => $"{Index}/{Count}";
}
