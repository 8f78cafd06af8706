using Emergence.Storage;

namespace Emergence.Study;

/// <summary>How far a study run has got, read from its store without changing it.</summary>
public sealed record RunProgress(string Name, long? LastStep, long Steps, Divergence? Diverged = null)
{
    /// <summary>Trained to the end, or stopped by a divergence (resuming would repeat it; the report names it).</summary>
    public bool Complete => LastStep == Steps || Diverged is not null;
    public bool Started => LastStep is not null;

    public static RunProgress Of(StudyFolder folder, StudyRun run)
    {
        var runFolder = folder.Run(run.Name);
        if (!runFolder.HasStore) return new(run.Name, null, run.Training.Steps);
        using var store = RunStore.Open(runFolder.StorePath, readOnly: true);
        return new(run.Name, store.LastCheckpointStep(), run.Training.Steps, store.Divergence());
    }

    public override string ToString() =>
        Diverged is not null ? $"{Name}: {Diverged}" : Complete ? $"{Name}: complete" : Started ? $"{Name}: at step {LastStep:N0} of {Steps:N0}" : $"{Name}: not started";
}
