using System.Globalization;
using Emergence.Storage;
using Emergence.Training;

namespace Emergence.Study;

/// <summary>
/// Where one run of a study came from and how far it got, read from its store (read-only): its
/// progress, training time, resumes, the software that trained it and the machine. A value the
/// store does not hold (a store made before it was recorded) is null, never guessed.
/// </summary>
/// <param name="Name">The run's name, e.g. nano-s0.</param>
/// <param name="Seed">Its seed (from the study definition).</param>
/// <param name="Progress">How far it got: last committed checkpoint, total steps, divergence.</param>
/// <param name="Checkpoints">Checkpoints committed.</param>
/// <param name="CheckpointsPlanned">Checkpoints in its schedule, step 0 included.</param>
/// <param name="WallSeconds">Training time at the last checkpoint: the checkpoints' <c>wall_seconds</c>, which adds each sitting's time up to its last checkpoint (evaluation and measures of earlier checkpoints included); null before the first checkpoint.</param>
/// <param name="CreatedAt">When the store was created (meta <c>created_at</c>).</param>
/// <param name="LastCheckpointAt">When its last checkpoint was committed.</param>
/// <param name="Resumes">Every resume as "step N at TIME" (meta <c>resumes</c>); empty when none; null when the store was made before resumes were recorded.</param>
/// <param name="ResumesRecordedFromStep">The step from which resumes are recorded: 0 for a store made with the record, the resume's step for an older store, null when never.</param>
/// <param name="Software">The program and library versions, device and threads of its meta, by key (null values: not recorded).</param>
/// <param name="Machine">The machine recorded in its meta, or null.</param>
public sealed record RunProvenance(string Name, int Seed, RunProgress Progress, int Checkpoints, int CheckpointsPlanned, double? WallSeconds,
    DateTime? CreatedAt, DateTime? LastCheckpointAt, IReadOnlyList<string>? Resumes, long? ResumesRecordedFromStep,
    IReadOnlyDictionary<string, string?> Software, MachineInfo? Machine)
{
    /// <summary>The meta keys shown as the run's software (in this order).</summary>
    public static readonly IReadOnlyList<string> SoftwareKeys =
        ["program_version", "source_revision", "dotnet_version", "torchsharp_version", "libtorch_version", "os", "device", "threads", "thread_changes"];

    /// <summary>Reads a study run's provenance; a run without a store is "not started" with every value null.</summary>
    public static RunProvenance Read(StudyFolder folder, StudyRun run)
    {
        int planned = run.Training.Checkpoints.Steps(run.Training.Steps).Count;
        var progress = RunProgress.Of(folder, run);
        var runFolder = folder.Run(run.Name);
        if (!runFolder.HasStore)
            return new(run.Name, run.Training.Seed, progress, 0, planned, null, null, null, null, null,
                SoftwareKeys.ToDictionary(k => k, _ => (string?)null), null);
        using var store = RunStore.Open(runFolder.StorePath, readOnly: true);
        var meta = store.AllMeta();
        var checkpoints = store.Checkpoints();
        var machine = MachineInfo.FromMeta(meta);
        long? recordedFrom = meta.TryGetValue(RunMetadata.MachineFromStepKey, out var from) && long.TryParse(from, CultureInfo.InvariantCulture, out var step) ? step
            : machine is not null ? 0 : null;
        IReadOnlyList<string>? resumes = recordedFrom is null ? null
            : meta.TryGetValue(RunMetadata.ResumesKey, out var list) ? list.Split("; ", StringSplitOptions.RemoveEmptyEntries) : [];
        return new(run.Name, run.Training.Seed, progress, checkpoints.Count, planned, checkpoints.Count == 0 ? null : checkpoints[^1].WallSeconds,
            Time(meta.GetValueOrDefault("created_at")), store.LastCheckpointRecordedAt(), resumes, recordedFrom,
            SoftwareKeys.ToDictionary(k => k, k => meta.GetValueOrDefault(k)), machine);
    }

    /// <summary>Sittings the run took (1 + its resumes) when every resume is recorded, else null.</summary>
    public int? Sittings => Resumes is not null && ResumesRecordedFromStep == 0 ? 1 + Resumes.Count : null;

    /// <summary>"7,471.9 s (2h 04m 32s)", or "not recorded".</summary>
    public static string WallTime(double? seconds) => seconds is double s
        ? string.Create(CultureInfo.InvariantCulture, $"{s:N1} s ({(int)(s / 3600)}h {(int)(s % 3600 / 60):00}m {(int)(s % 60):00}s)")
        : NotRecorded;

    /// <summary>What a report says for a value the store does not hold.</summary>
    public const string NotRecorded = "not recorded";

    private static DateTime? Time(string? text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at.ToUniversalTime() : null;
}
