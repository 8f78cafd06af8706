namespace Emergence.Tasks;

/// <summary>
/// The fixed example sets of PROTOCOL §1, and the on-the-fly training stream.
/// Every set is a pure function of its seed: the evaluation set (1,000 per task-level) and the
/// diagnostic set (200 per task-level) are the same in every run; training batch <c>s</c> of a
/// run depends only on (run seed, s), so a resumed run sees exactly the data it would have seen.
/// </summary>
public static class ExampleSets
{
    /// <summary>Seed of the fixed evaluation set.</summary>
    public const ulong EvaluationSeed = 20260201;
    /// <summary>Seed of the fixed diagnostic set (the measures' inputs).</summary>
    public const ulong DiagnosticSeed = 20260202;
    /// <summary>Evaluation examples per task-level (PROTOCOL §1: 1,000).</summary>
    public const int EvaluationPerTaskLevel = 1000;
    /// <summary>Diagnostic examples per task-level (PROTOCOL §1: 200).</summary>
    public const int DiagnosticPerTaskLevel = 200;

    /// <summary>The evaluation set, grouped by task-level in <see cref="TaskLevel.All"/> order (or the order given).</summary>
    public static IReadOnlyList<TaskExample[]> Evaluation(int perTaskLevel = EvaluationPerTaskLevel, IReadOnlyList<TaskLevel>? taskLevels = null) =>
        Fixed(EvaluationSeed, perTaskLevel, taskLevels ?? TaskLevel.All);

    /// <summary>The diagnostic set for the geometric measures, separate from the evaluation set.</summary>
    public static IReadOnlyList<TaskExample[]> Diagnostic(int perTaskLevel = DiagnosticPerTaskLevel, IReadOnlyList<TaskLevel>? taskLevels = null) =>
        Fixed(DiagnosticSeed, perTaskLevel, taskLevels ?? TaskLevel.All);

    /// <summary>A task-level's examples depend only on the set's seed and the task-level, not on which others are asked for.</summary>
    private static IReadOnlyList<TaskExample[]> Fixed(ulong seed, int perTaskLevel, IReadOnlyList<TaskLevel> taskLevels)
    {
        if (perTaskLevel <= 0)
            throw new ArgumentOutOfRangeException(nameof(perTaskLevel), perTaskLevel, "examples per task-level must be positive");
        return [.. taskLevels.Select(tl =>
        {
            var rng = SplitMix64.Derive(seed, tl.Index);
            return Enumerable.Range(0, perTaskLevel).Select(_ => TaskGenerator.Generate(tl, rng)).ToArray();
        })];
    }

    /// <summary>
    /// Training batch number <paramref name="step"/>: each example's task-level drawn uniformly
    /// from <paramref name="taskLevels"/> (default: all 24).
    /// </summary>
    public static TaskExample[] TrainingBatch(ulong runSeed, long step, int batchSize, IReadOnlyList<TaskLevel>? taskLevels = null)
    {
        var rng = SplitMix64.Derive(runSeed, step, 0x7472_6169_6e);
        var pool = taskLevels ?? TaskLevel.All;
        var batch = new TaskExample[batchSize];
        for (int i = 0; i < batchSize; i++)
            batch[i] = TaskGenerator.Generate(pool[rng.Next(pool.Count)], rng);
        return batch;
    }
}
