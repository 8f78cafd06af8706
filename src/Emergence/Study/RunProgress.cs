using Emergence.Storage;

namespace Emergence.Study;

/// <summary>How far a study run has got, read from its store without changing it.</summary>
public sealed record RunProgress(string Name, long? LastStep, long Steps, Divergence? Diverged = null)
{
    /// <summary>Trained to the end, or stopped by a divergence (resuming would repeat it; the report names it).</summary>
    public bool Complete => LastStep == Steps || Diverged is not null;
    /// <summary>True once the run has a committed checkpoint.</summary>
    public bool Started => LastStep is not null;

    /// <summary>The progress of a study run, read from its store (read-only).</summary>
    public static RunProgress Of(StudyFolder folder, StudyRun run)
    {
        var runFolder = folder.Run(run.Name);
        if (!runFolder.HasStore) return new(run.Name, null, run.Training.Steps);
        using var store = RunStore.Open(runFolder.StorePath, readOnly: true);
        return new(run.Name, store.LastCheckpointStep(), run.Training.Steps, store.Divergence());
    }

    /// <summary>One line for the console, e.g. "nano-s0: at step 300 of 1,000", "complete" or "not started".</summary>
    public override string ToString() =>
        Diverged is not null ? $"{Name}: {Diverged}" : Complete ? $"{Name}: complete" : Started ? $"{Name}: at step {LastStep:N0} of {Steps:N0}" : $"{Name}: not started";
}
