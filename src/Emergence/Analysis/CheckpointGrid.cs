using Emergence.Training;

namespace Emergence.Analysis;

/// <summary>Which of a run's stored checkpoints the analyses use.</summary>
public enum CheckpointGrid
{
    /// <summary>Every stored checkpoint (default).</summary>
    Stored,

    /// <summary>
    /// Only the steps of the paper's schedule (PROTOCOL §3): step 0, every 100 steps to 10K, every
    /// 500 to 50K, every 2,000 after, and the run's last step. The dense early checkpoints (every 10
    /// steps over the first 300) and any other extra step are left out, so that a lag of k
    /// checkpoints spans the steps it spanned in the paper.
    /// </summary>
    Paper,
}

/// <summary>Restricts runs to a <see cref="CheckpointGrid"/>.</summary>
public static class CheckpointGrids
{
    /// <summary>The grids' names as the command line spells them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["stored", "paper"];

    /// <summary>Parses "stored" or "paper"; throws <see cref="ArgumentException"/> naming the allowed values.</summary>
    public static CheckpointGrid Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "stored" => CheckpointGrid.Stored,
        "paper" => CheckpointGrid.Paper,
        _ => throw new ArgumentException($"Unknown checkpoint grid '{text}' (allowed: {string.Join(", ", Names)})."),
    };

    /// <summary>
    /// The run on the grid: the run itself for <see cref="CheckpointGrid.Stored"/>; for
    /// <see cref="CheckpointGrid.Paper"/> a copy holding only the checkpoints on the paper's schedule
    /// for the run's configured step count, every series and flagged value cut to them.
    /// </summary>
    public static RunData Apply(RunData run, CheckpointGrid grid)
    {
        if (grid == CheckpointGrid.Stored) return run;
        var schedule = new CheckpointSchedule().Steps(TrainingConfig.FromJson(run.ConfigJson).Steps);
        var keep = Enumerable.Range(0, run.Steps.Count).Where(i => schedule.Contains(run.Steps[i])).ToArray();
        if (keep.Length == 0) throw new AnalysisInputException($"Run {run.Source} has no checkpoint on the paper's schedule.");
        var steps = keep.Select(i => run.Steps[i]).ToArray();
        var kept = steps.ToHashSet();
        return new RunData
        {
            Source = run.Source, Model = run.Model, Seed = run.Seed, Layers = run.Layers, ConfigJson = run.ConfigJson,
            MeasuresJson = run.MeasuresJson, Diverged = run.Diverged, Label = run.Label, Steps = steps,
            Series = run.Series.ToDictionary(kv => kv.Key, kv => keep.Select(i => kv.Value[i]).ToArray()),
            NonFinite = [.. run.NonFinite.Where(v => kept.Contains(v.Step))],
        };
    }
}
