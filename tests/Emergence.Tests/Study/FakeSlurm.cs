using Emergence.Study;

namespace Emergence.Tests.Study;

/// <summary>
/// A stand-in for Slurm's commands: the programs it has, an answer per program, and every call
/// made, in order. sbatch answers with job ids counting up from 100.
/// </summary>
public sealed class FakeSlurm : IProcessRunner
{
    private int _nextJob = 100;

    public HashSet<string> Programs { get; } = ["sbatch", "squeue", "sinfo", "scancel"];
    public List<(string Program, IReadOnlyList<string> Arguments)> Calls { get; } = [];
    public Dictionary<string, Func<IReadOnlyList<string>, ProcessOutcome>> Answers { get; } = [];

    public FakeSlurm()
    {
        Answers["sbatch"] = _ => new ProcessOutcome(0, $"{_nextJob++}\n", "");
        Answers["squeue"] = _ => new ProcessOutcome(1, "", "slurm_load_jobs error: Invalid job id specified\n");
        Answers["sinfo"] = _ => new ProcessOutcome(0, "debug\nlong\n", "");
        Answers["scancel"] = _ => new ProcessOutcome(0, "", "");
    }

    public bool Exists(string program) => Programs.Contains(program);

    public ProcessOutcome Run(string program, IReadOnlyList<string> arguments)
    {
        Assert.Contains(program, Programs);
        Calls.Add((program, arguments));
        return Answers[program](arguments);
    }

    /// <summary>squeue answering with these "id|STATE|reason" lines.</summary>
    public void Queue(params string[] lines) => Answers["squeue"] = _ => new ProcessOutcome(0, string.Join('\n', lines) + "\n", "");

    public IEnumerable<IReadOnlyList<string>> Sbatches => Calls.Where(c => c.Program == "sbatch").Select(c => c.Arguments);
}
