using System.Text.Json;
using Emergence.Storage;

namespace Emergence.Study;

/// <summary>
/// One submission of a study: its array job with the array task ids (= shard indices) it holds,
/// and its gather job; no array job when only the report was left to write.
/// </summary>
public sealed record SlurmSubmission(string? ArrayJob, IReadOnlyList<int> Shards, string? GatherJob, DateTime SubmittedUtc)
{
    /// <summary>Slurm's id of the array task running shard <paramref name="shard"/>, e.g. 123_2.</summary>
    public string TaskId(int shard) => $"{ArrayJob}_{shard}";
}

/// <summary>
/// The jobs submitted for a study folder, kept in <c>DIR/slurm/jobs.json</c> (written atomically
/// after each accepted <c>sbatch</c>, so no accepted job is ever forgotten): the shard count and
/// every submission, oldest first. A shard's current task is the one of its latest submission.
/// </summary>
public sealed record SlurmJobs(int ShardCount, IReadOnlyList<SlurmSubmission> Submissions)
{
    /// <summary>The study's <c>slurm</c> folder: scripts, job ids and logs.</summary>
    public static string Directory(StudyFolder folder) => Path.Combine(folder.Path, "slurm");
    /// <summary>The file keeping every submission's job ids, <c>slurm/jobs.json</c>.</summary>
    public static string FilePath(StudyFolder folder) => Path.Combine(Directory(folder), "jobs.json");

    /// <summary>The latest submission that holds <paramref name="shard"/>, or null when it was never submitted.</summary>
    public SlurmSubmission? Latest(int shard) => Submissions.LastOrDefault(s => s.Shards.Contains(shard));

    /// <summary>These jobs with <paramref name="submission"/> added as the latest.</summary>
    public SlurmJobs With(SlurmSubmission submission) => this with { Submissions = [.. Submissions, submission] };

    /// <summary>The latest submission replaced by <paramref name="submission"/> (its gather job added).</summary>
    public SlurmJobs WithLast(SlurmSubmission submission) => this with { Submissions = [.. Submissions.SkipLast(1), submission] };

    /// <summary>The stored jobs, or null when the folder has none.</summary>
    public static SlurmJobs? Load(StudyFolder folder)
    {
        var path = FilePath(folder);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<SlurmJobs>(File.ReadAllText(path), SnakeCaseJson.Options) ?? throw new FormatException("empty");
        }
        catch (Exception e) when (e is JsonException or FormatException or NotSupportedException)
        {
            throw new StoreException($"Slurm job list {path} cannot be read: {e.Message}", e);
        }
    }

    /// <summary>Writes the job ids to <see cref="FilePath"/>.</summary>
    public void Save(StudyFolder folder) =>
        RunFolder.WriteAtomically(FilePath(folder), s => JsonSerializer.Serialize(s, this, SnakeCaseJson.Options));
}
