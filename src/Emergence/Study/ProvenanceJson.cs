using System.Text.Json.Nodes;
using Emergence.Analysis;
using Emergence.Storage;

namespace Emergence.Study;

/// <summary>
/// A study's results.json: <c>report_status</c> first (whether the report is interim and why),
/// then the analysis result's fields, then <c>provenance</c> (every run's progress, training time,
/// resumes, software and machine; the study commands and dates). A value not recorded is null.
/// </summary>
internal static class ProvenanceJson
{
    public static void Write(AnalysisResult result, StudyProvenance provenance, string directory)
    {
        var analysis = System.Text.Json.JsonSerializer.SerializeToNode(result, ResultsWriter.JsonOptions)!.AsObject();
        var json = new JsonObject { ["report_status"] = Status(provenance) };
        foreach (var (key, value) in analysis.ToList())
        {
            analysis.Remove(key);
            json[key] = value;
        }
        json["provenance"] = Provenance(provenance);
        RunFolder.WriteAtomically(Path.Combine(directory, ResultsWriter.JsonFile), s =>
        {
            using var w = new StreamWriter(s, leaveOpen: true);
            w.Write(json.ToJsonString(ResultsWriter.JsonOptions));
        });
    }

    private static JsonObject Status(StudyProvenance provenance) => new()
    {
        ["interim"] = provenance.Interim,
        ["notice"] = provenance.InterimNotice,
        ["runs_complete"] = provenance.Runs.Count(r => r.Progress.Complete),
        ["runs_started"] = provenance.Runs.Count(r => r.Progress.Started),
        ["runs"] = provenance.Runs.Count,
    };

    private static JsonObject Provenance(StudyProvenance provenance) => new()
    {
        ["commands"] = provenance.Commands is null ? null : new JsonArray([.. provenance.Commands.Select(c => (JsonNode)new JsonObject
        {
            ["started_at"] = Time(c.StartedAt), ["command"] = c.Command, ["working_directory"] = c.WorkingDirectory,
        })]),
        ["first_created_at"] = Time(provenance.FirstCreatedAt),
        ["last_checkpoint_at"] = Time(provenance.LastCheckpointAt),
        ["runs"] = new JsonArray([.. provenance.Runs.Select(Run)]),
    };

    private static JsonNode Run(RunProvenance run) => new JsonObject
    {
        ["name"] = run.Name,
        ["seed"] = run.Seed,
        ["state"] = run.Progress.Diverged is not null ? "diverged" : run.Progress.Complete ? "complete" : run.Progress.Started ? "partial" : run.CreatedAt is not null ? "no_checkpoint" : "not_started",
        ["step"] = run.Progress.LastStep,
        ["steps"] = run.Progress.Steps,
        ["checkpoints"] = run.Checkpoints,
        ["checkpoints_planned"] = run.CheckpointsPlanned,
        ["wall_seconds"] = run.WallSeconds,
        ["created_at"] = Time(run.CreatedAt),
        ["last_checkpoint_at"] = Time(run.LastCheckpointAt),
        ["sittings"] = run.Sittings,
        ["resumes"] = run.Resumes is null ? null : new JsonArray([.. run.Resumes.Select(r => (JsonNode)r)]),
        ["resumes_recorded_from_step"] = run.ResumesRecordedFromStep,
        ["software"] = new JsonObject(run.Software.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
        ["machine"] = run.Machine is null ? null : new JsonObject
        {
            ["cpu_model"] = run.Machine.CpuModel, ["cpu_cores"] = run.Machine.Cores, ["memory_bytes"] = run.Machine.MemoryBytes,
        },
    };

    private static JsonNode? Time(DateTime? at) => at is { } t ? t.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture) : null;
}
