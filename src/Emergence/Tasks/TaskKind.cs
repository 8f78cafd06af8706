namespace Emergence.Tasks;

/// <summary>The eight algorithmic tasks of PROTOCOL §1, in the protocol's order.</summary>
public enum TaskKind
{
    /// <summary>COPY: repeat a list of digits.</summary>
    Copy,
    /// <summary>REV: a list of digits reversed.</summary>
    Rev,
    /// <summary>CMP: LESS, EQUAL or GREATER for two numbers.</summary>
    Cmp,
    /// <summary>PAR: ODD or EVEN, the parity of a list of bits.</summary>
    Par,
    /// <summary>ADD: sum of two numbers.</summary>
    Add,
    /// <summary>MOD: x mod p for a small prime p.</summary>
    Mod,
    /// <summary>SORT: a list of digits in ascending order.</summary>
    Sort,
    /// <summary>MUL: product of two numbers.</summary>
    Mul,
}

/// <summary>Easy tasks emerge early; hard tasks are the ones the precursor analysis is about.</summary>
public enum TaskClass
{
    /// <summary>COPY, REV, CMP, PAR.</summary>
    Easy,
    /// <summary>ADD, MOD, SORT, MUL.</summary>
    Hard,
}

/// <summary>Names, classes and parsing of <see cref="TaskKind"/>.</summary>
public static class TaskKinds
{
    /// <summary>The eight tasks in the protocol's order.</summary>
    public static IReadOnlyList<TaskKind> All { get; } = Enum.GetValues<TaskKind>();

    /// <summary>The name used in prompts and in the run store, e.g. "ADD".</summary>
    public static string Name(this TaskKind task) => task.ToString().ToUpperInvariant();

    /// <summary>Easy (COPY, REV, CMP, PAR) or hard (ADD, MOD, SORT, MUL).</summary>
    public static TaskClass Class(this TaskKind task) =>
        task is TaskKind.Copy or TaskKind.Rev or TaskKind.Cmp or TaskKind.Par ? TaskClass.Easy : TaskClass.Hard;

    /// <summary>The task of that name (case-insensitive); throws <see cref="ArgumentException"/> naming the allowed ones.</summary>
    public static TaskKind Parse(string name)
    {
        var upper = name.Trim().ToUpperInvariant();
        foreach (var task in All)
            if (task.Name() == upper) return task;
        throw new ArgumentException($"Unknown task '{name}' (allowed: {string.Join(", ", All.Select(k => k.Name()))}).");
    }
}
