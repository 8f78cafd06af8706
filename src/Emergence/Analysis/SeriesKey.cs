namespace Emergence.Analysis;

/// <summary>Identifies one metric series of a run: (name, task, level, layer) as in docs/metrics.md.</summary>
public readonly record struct SeriesKey(string Name, string Task, int Level, int Layer)
{
    /// <summary>The key as "name[task=…, level=…, layer=…]".</summary>
    public override string ToString() => $"{Name}[task={(Task == "" ? "''" : Task)}, level={Level}, layer={Layer}]";
}
