namespace Emergence.Tasks;

/// <summary>One of the 24 task-levels, e.g. ADD at level 2 ("ADD_L2").</summary>
public readonly record struct TaskLevel(TaskKind Task, int Level)
{
    /// <summary>Difficulty levels per task.</summary>
    public const int Levels = 3;

    /// <summary>Position in <see cref="All"/> (task-major), 0..23.</summary>
    public int Index => (int)Task * Levels + (Level - 1);

    /// <summary>The task-level's name, e.g. "ADD_L2".</summary>
    public string Name => $"{Task.Name()}_L{Level}";

    /// <summary><see cref="Name"/>.</summary>
    public override string ToString() => Name;

    /// <summary>The 24 task-levels, task-major.</summary>
    public static IReadOnlyList<TaskLevel> All { get; } =
        [.. TaskKinds.All.SelectMany(t => Enumerable.Range(1, Levels).Select(l => new TaskLevel(t, l)))];

    /// <summary>Parses "ADD_L2" (or "ADD:2"); the error names the bad value and what is allowed.</summary>
    public static TaskLevel Parse(string text)
    {
        var parts = text.Trim().ToUpperInvariant().Split(['_', ':']);
        var task = TaskKinds.Parse(parts[0]);
        var levelText = parts.Length == 2 ? parts[1].TrimStart('L') : "";
        if (!int.TryParse(levelText, out var level) || level < 1 || level > Levels)
            throw new ArgumentException($"Unknown task-level '{text}' (expected TASK_L1, TASK_L2 or TASK_L3, e.g. ADD_L2).");
        return new TaskLevel(task, level);
    }
}
