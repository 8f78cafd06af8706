namespace Emergence.Measures;

/// <summary>The five geometric measures of PROTOCOL §4 and the linear probes (§4.6), by their command-line names.</summary>
public enum MeasureKind
{
    /// <summary>RankMe and its variants of the hidden representations (§4.1).</summary>
    RankMe,
    /// <summary>Effective rank of the empirical Fisher (§4.2).</summary>
    Fisher,
    /// <summary>Local learning coefficient by SGLD (§4.3).</summary>
    Llc,
    /// <summary>Top Hessian eigenvalues by Lanczos, and the trace (§4.4).</summary>
    Hessian,
    /// <summary>Effective rank of the per-example gradient covariance (§4.5).</summary>
    GradCov,
    /// <summary>Ridge linear probes of the representation at the '=' position (§4.6).</summary>
    Probe,
}

/// <summary>
/// Which measures run and how often: <c>--measures rankme,fisher,llc,hessian,gradcov,probe</c> (or
/// <c>all</c>: the five geometric measures, so a run started before the probes existed resumes with the
/// same selection; or <c>none</c>) and <c>--measure-every hessian=10,llc=5</c> (every N-th checkpoint,
/// counting from the first; a measure not named runs at every checkpoint).
/// </summary>
public sealed record MeasureSelection(IReadOnlySet<MeasureKind> Measures, IReadOnlyDictionary<MeasureKind, int> Every)
{
    /// <summary>Every measure, in the protocol's order.</summary>
    public static readonly IReadOnlyList<MeasureKind> All = Enum.GetValues<MeasureKind>();

    /// <summary>What <c>all</c> selects: the five geometric measures of PROTOCOL §4 (the probes are named).</summary>
    public static readonly IReadOnlyList<MeasureKind> Geometric = [.. All.Where(k => k != MeasureKind.Probe)];

    /// <summary>The command-line name of a measure, e.g. "rankme".</summary>
    public static string NameOf(MeasureKind kind) => kind.ToString().ToLowerInvariant();

    private static string Allowed => string.Join(", ", All.Select(NameOf));

    /// <summary>The measure of that name; throws <see cref="ArgumentException"/> naming the allowed ones.</summary>
    public static MeasureKind ParseName(string text)
    {
        var name = text.Trim().ToLowerInvariant();
        foreach (var kind in All)
            if (NameOf(kind) == name) return kind;
        throw new ArgumentException($"Unknown measure '{text.Trim()}' (allowed: {Allowed}).");
    }

    /// <summary>Parses a comma-separated list of measure names; "" or "none" selects nothing, "all" the <see cref="Geometric"/> measures.</summary>
    public static IReadOnlySet<MeasureKind> ParseList(string? text)
    {
        var trimmed = (text ?? "").Trim().ToLowerInvariant();
        if (trimmed is "" or "none") return new HashSet<MeasureKind>();
        if (trimmed == "all") return Geometric.ToHashSet();
        return text!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseName).ToHashSet();
    }

    /// <summary>Parses "hessian=10,llc=5": each cadence a positive integer number of checkpoints.</summary>
    public static IReadOnlyDictionary<MeasureKind, int> ParseEvery(string? text)
    {
        var every = new Dictionary<MeasureKind, int>();
        if (string.IsNullOrWhiteSpace(text)) return every;
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = item.Split('=');
            if (parts.Length != 2)
                throw new ArgumentException($"Bad cadence '{item}' (expected MEASURE=N with N a positive integer, e.g. hessian=10; measures: {Allowed}).");
            var kind = ParseName(parts[0]);
            if (!int.TryParse(parts[1].Trim(), out var n) || n <= 0)
                throw new ArgumentException($"Bad cadence '{item}': '{parts[1].Trim()}' is not a positive integer (expected MEASURE=N, e.g. hessian=10).");
            every[kind] = n;
        }
        return every;
    }

    /// <summary>Parses <c>--measures</c> and <c>--measure-every</c>.</summary>
    public static MeasureSelection Parse(string? measures, string? every) => new(ParseList(measures), ParseEvery(every));

    /// <summary>Whether any measure is selected.</summary>
    public bool Any => Measures.Count > 0;

    /// <summary>Throws <see cref="ArgumentException"/> when a cadence is not a positive number of checkpoints.</summary>
    public MeasureSelection Validate()
    {
        foreach (var (kind, n) in Every)
            if (n <= 0) throw new ArgumentException($"Cadence of {NameOf(kind)} must be a positive number of checkpoints (got {n}).");
        return this;
    }

    /// <summary>Whether a measure runs at the checkpoint with this index (0 = first checkpoint).</summary>
    public bool IsDue(MeasureKind kind, int checkpointIndex) =>
        Measures.Contains(kind) && checkpointIndex % Every.GetValueOrDefault(kind, 1) == 0;

    /// <summary>
    /// The selection <see cref="ToString"/> wrote ("rankme,llc(every 5)", "" for none), as stored in a
    /// run's meta <c>measures</c>; throws <see cref="ArgumentException"/> on any other text.
    /// </summary>
    public static MeasureSelection FromDescription(string text)
    {
        var names = new List<string>();
        var every = new List<string>();
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int open = item.IndexOf("(every ", StringComparison.Ordinal);
            if (open < 0) { names.Add(item); continue; }
            if (!item.EndsWith(')')) throw new ArgumentException($"Bad measure description '{item}' (expected NAME or NAME(every N)).");
            names.Add(item[..open]);
            every.Add($"{item[..open]}={item[(open + "(every ".Length)..^1]}");
        }
        return Parse(names.Count == 0 ? "none" : string.Join(",", names), string.Join(",", every));
    }

    /// <summary>The selection as "rankme,llc(every 5)".</summary>
    public override string ToString() =>
        string.Join(",", All.Where(Measures.Contains).Select(k => Every.TryGetValue(k, out var n) && n > 1 ? $"{NameOf(k)}(every {n})" : NameOf(k)));
}
