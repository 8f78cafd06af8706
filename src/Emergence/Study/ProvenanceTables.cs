using System.Globalization;
using Emergence.Reporting;
using Emergence.Training;

namespace Emergence.Study;

/// <summary>
/// The report's provenance tables: each run's progress, training time and sittings, then the
/// software and machine each started run recorded, with the study commands and dates in a note.
/// A value a store does not hold reads "not recorded".
/// </summary>
internal static class ProvenanceTables
{
    public const string RunsTitle = "Provenance: runs";
    public const string SoftwareTitle = "Provenance: software and machine";

    public static IReadOnlyList<ReportTable> Build(StudyProvenance provenance) => [Runs(provenance), Software(provenance)];

    private static ReportTable Runs(StudyProvenance provenance)
    {
        var rows = provenance.Runs.Select(r => (IReadOnlyList<string>)
        [
            r.Name, r.Seed.ToString(CultureInfo.InvariantCulture), Steps(r),
            r.Progress.Started ? string.Create(CultureInfo.InvariantCulture, $"{r.Checkpoints:N0} of {r.CheckpointsPlanned:N0}") : $"0 of {r.CheckpointsPlanned:N0}",
            r.Progress.Started ? RunProvenance.WallTime(r.WallSeconds) : "-",
            r.Progress.Started ? Sittings(r) : "-",
            Time(r.CreatedAt, r.Progress.Started), Time(r.LastCheckpointAt, r.Progress.Started),
        ]).ToList();
        return new ReportTable(RunsTitle, ["run", "seed", "steps", "checkpoints", "training time", "sittings", "store created", "last checkpoint"], rows,
            Note(provenance));
    }

    private static ReportTable Software(StudyProvenance provenance)
    {
        var started = provenance.Runs.Where(r => r.Progress.Started || r.CreatedAt is not null).ToList();
        var rows = RunProvenance.SoftwareKeys.Select(key => (IReadOnlyList<string>)
            [key, .. started.Select(r => r.Software[key] ?? (key == "thread_changes" ? "none" : RunProvenance.NotRecorded))]).ToList();
        rows.Add(["machine", .. started.Select(Machine)]);
        return new ReportTable(SoftwareTitle, ["meta", .. started.Select(r => r.Name)], rows,
            "From each run's meta, written when its store was created (threads and thread_changes when a resume changed the count); " +
            "the program of each later sitting is named in its resume (table above) where resumes are recorded. " +
            "Runs not started have no store and are not listed.");
    }

    private static string Steps(RunProvenance run) => run.Progress switch
    {
        { Diverged: { } d } => $"{d}",
        { LastStep: long step } => string.Create(CultureInfo.InvariantCulture, $"{step:N0} of {run.Progress.Steps:N0}"),
        _ when run.CreatedAt is not null => string.Create(CultureInfo.InvariantCulture, $"store created, no checkpoint yet (0 of {run.Progress.Steps:N0})"),
        _ => string.Create(CultureInfo.InvariantCulture, $"not started (0 of {run.Progress.Steps:N0})"),
    };

    private static string Sittings(RunProvenance run) => run switch
    {
        { Sittings: int n } => n == 1 ? "1 (never resumed)" : $"{n} (resumed {string.Join("; ", run.Resumes!)})",
        { ResumesRecordedFromStep: long from } => $"{RunProvenance.NotRecorded} before step {from:N0}" +
            (run.Resumes is { Count: > 0 } r ? $"; resumed {string.Join("; ", r)}" : ""),
        _ => RunProvenance.NotRecorded,
    };

    private static string Machine(RunProvenance run) => run.Machine is null ? RunProvenance.NotRecorded
        : run.ResumesRecordedFromStep is > 0 ? $"{run.Machine} (recorded from step {run.ResumesRecordedFromStep:N0}, when resumed)" : run.Machine.ToString();

    private static string Time(DateTime? at, bool started) => at is { } t ? $"{t:yyyy-MM-dd HH:mm:ss} UTC" : started ? RunProvenance.NotRecorded : "-";

    private static string Note(StudyProvenance provenance)
    {
        var commands = provenance.Commands switch
        {
            null => $"Study commands: {RunProvenance.NotRecorded} (the folder predates their log, {StudyCommandLog.FileName}).",
            [] => "Study commands: none recorded.",
            var list => "Study commands (each start, in " + StudyCommandLog.FileName + "): " +
                string.Join("; ", list.Select(c => $"`{c.Command}` at {c.StartedAt:yyyy-MM-dd HH:mm:ss} UTC in {c.WorkingDirectory}")) + ".",
        };
        var dates = $"Dates: stores created from {Time(provenance.FirstCreatedAt, true)}, last checkpoint committed {Time(provenance.LastCheckpointAt, true)}.";
        return commands + " " + dates + " Training time is the checkpoints' wall_seconds at the last checkpoint: the time of every sitting " +
            "up to its last checkpoint, with the evaluation and measures of earlier checkpoints; what a stop loses (the work after a sitting's " +
            "last checkpoint and that checkpoint's own evaluation and measures) is not counted.";
    }
}
