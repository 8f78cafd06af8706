namespace Emergence.Study;

/// <summary>
/// What a study report rests on, read from the study folder: every run's provenance, the study
/// commands that ran on the folder (null when the folder predates their log), the dates it spans,
/// and whether the report is interim (some run neither finished nor diverged).
/// </summary>
/// <param name="Runs">Every run of the definition, in its order, started or not.</param>
/// <param name="Commands">Starts of the study command (<see cref="StudyCommandLog"/>), or null when not recorded.</param>
public sealed record StudyProvenance(IReadOnlyList<RunProvenance> Runs, IReadOnlyList<StudyCommandEntry>? Commands)
{
    /// <summary>Reads the provenance of every run of the study (stores opened read-only).</summary>
    public static StudyProvenance Read(StudyFolder folder, StudyDefinition definition) =>
        new([.. definition.Runs.Select(r => RunProvenance.Read(folder, r))], StudyCommandLog.Read(folder));

    /// <summary>True while some run has neither finished nor diverged: the report is interim.</summary>
    public bool Interim => Runs.Any(r => !r.Progress.Complete);

    /// <summary>The earliest store creation, or null when no store records it.</summary>
    public DateTime? FirstCreatedAt => Runs.Select(r => r.CreatedAt).Where(t => t is not null).Min();

    /// <summary>The latest committed checkpoint, or null before any.</summary>
    public DateTime? LastCheckpointAt => Runs.Select(r => r.LastCheckpointAt).Where(t => t is not null).Max();

    /// <summary>
    /// The interim banner's text, naming every run's progress, e.g. "Runs not complete
    /// (nano-s0: at step 190 of 100,000; nano-s2: not started). ..."; null when every run is complete.
    /// </summary>
    public string? InterimNotice => Interim
        ? $"Runs not complete ({string.Join("; ", Runs.Select(r => r.Progress.ToString()))}). " +
          "Its numbers are from the checkpoints stored so far and will change; it is not the study's result."
        : null;
}
