namespace Emergence.Tasks;

/// <summary>The eight algorithmic tasks of PROTOCOL §1, in the protocol's order.</summary>
public enum TaskKind { Copy, Rev, Cmp, Par, Add, Mod, Sort, Mul }

/// <summary>Easy tasks emerge early; hard tasks are the ones the precursor analysis is about.</summary>
public enum TaskClass { Easy, Hard }

public static class TaskKinds
{
    public static IReadOnlyList<TaskKind> All { get; } = Enum.GetValues<TaskKind>();

    /// <summary>The name used in prompts and in the run store, e.g. "ADD".</summary>
    public static string Name(this TaskKind task) => task.ToString().ToUpperInvariant();

    public static TaskClass Class(this TaskKind task) =>
        task is TaskKind.Copy or TaskKind.Rev or TaskKind.Cmp or TaskKind.Par ? TaskClass.Easy : TaskClass.Hard;

    public static TaskKind Parse(string name)
    {
        var upper = name.Trim().ToUpperInvariant();
        foreach (var task in All)
            if (task.Name() == upper) return task;
        throw new ArgumentException($"Unknown task '{name}' (allowed: {string.Join(", ", All.Select(k => k.Name()))}).");
    }
}
