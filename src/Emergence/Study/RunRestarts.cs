namespace Emergence.Study;

/// <summary>
/// Whether a study run whose child process failed is started again from its last committed
/// checkpoint. A failure the program itself reports (bad input, a refused store, a divergence:
/// the exit codes in <c>finalExitCodes</c>) would repeat and is not restarted. Any other (a native
/// error, a kill by the system) is, as long as the run keeps committing checkpoints: a run is given
/// up when <see cref="MaxFailuresAtOneCheckpoint"/> attempts in a row fail with the same last
/// committed checkpoint (or both before the first). Training resumes from a checkpoint bit for bit (docs/training.md), so a restart costs
/// the work since that checkpoint and changes no number.
/// </summary>
/// <param name="finalExitCodes">Exit codes that mean the failure would repeat.</param>
public sealed class RunRestarts(IReadOnlySet<int> finalExitCodes)
{
    /// <summary>Failed attempts in a row that leave a run at the same last checkpoint, after which it is given up.</summary>
    public const int MaxFailuresAtOneCheckpoint = 2;

    private readonly Dictionary<string, int> _failuresAtLastCheckpoint = [];
    private readonly Dictionary<string, int> _restarts = [];

    /// <summary>
    /// Records a failed attempt of <paramref name="run"/> and says whether to start it again.
    /// </summary>
    /// <param name="run">The run's name.</param>
    /// <param name="exitCode">The child's exit code.</param>
    /// <param name="lastStepBefore">The run's last committed checkpoint when the attempt started (null: none).</param>
    /// <param name="lastStepAfter">Its last committed checkpoint after the attempt (null: none).</param>
    public bool Restart(string run, int exitCode, long? lastStepBefore, long? lastStepAfter)
    {
        if (finalExitCodes.Contains(exitCode)) return false;
        bool progressed = lastStepAfter is long after && (lastStepBefore is not long before || after > before);
        int atThisCheckpoint = progressed ? 1 : _failuresAtLastCheckpoint.GetValueOrDefault(run) + 1;
        _failuresAtLastCheckpoint[run] = atThisCheckpoint;
        if (atThisCheckpoint >= MaxFailuresAtOneCheckpoint) return false;
        _restarts[run] = _restarts.GetValueOrDefault(run) + 1;
        return true;
    }

    /// <summary>How often <paramref name="run"/> has been started again.</summary>
    public int Restarts(string run) => _restarts.GetValueOrDefault(run);

    /// <summary>Every run started again at least once, with its count, by name.</summary>
    public IReadOnlyList<(string Run, int Restarts)> All => [.. _restarts.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => (r.Key, r.Value))];
}
