using System.Diagnostics;
using Emergence.Measures;
using Emergence.Storage;
using Emergence.Training;
using TorchSharp;

namespace Emergence.Study;

/// <summary>
/// Runs a study's runs: each one trained (or continued from its last checkpoint) with its
/// measures, completed runs skipped untouched. In this process one after another, or in
/// <c>jobs</c> child processes at once (each this program with the arguments the caller gives), threads split
/// between them. Every run is trained under its folder's lock, so no two processes ever write one
/// run; a child exits when its parent does (see <see cref="ExitWithParentOption"/>).
/// </summary>
public static class StudyRunner
{
    /// <summary>
    /// Given to a child: it watches its standard input, a pipe from the parent, and ends itself
    /// when the pipe closes, which the kernel does when the parent ends in any way (SIGKILL included).
    /// </summary>
    public const string ExitWithParentOption = "--exit-with-parent";

    /// <summary>
    /// Trains one run to completion (or to its first checkpoint at or after <paramref name="stopAt"/>) in this
    /// process under the run folder's lock; a complete run is left alone. A run started with another thread
    /// count is refused unless <paramref name="forceThreads"/>.
    /// </summary>
    public static void RunInProcess(StudyFolder folder, StudyRun run, torch.Device device, int threads,
        ITrainingObserver? observer = null, CancellationToken cancel = default, bool forceThreads = false, long? stopAt = null)
    {
        if (RunProgress.Of(folder, run).Complete) return;
        var runFolder = folder.Run(run.Name);
        using var writer = runFolder.Lock();
        RunMetadata.CheckThreads(runFolder, threads, forceThreads);
        var selection = run.Selection();
        using var measures = selection.Any
            ? new CheckpointMeasures(selection, device, run.MeasureSettings, run.Training.Checkpoints.Steps(run.Training.Steps))
            : null;
        new Trainer(run.Training, runFolder, device, threads, observer, measures).Run(resume: true, cancel, stopAt);
    }

    /// <summary>
    /// Runs each incomplete run in a child process, at most <paramref name="jobs"/> at once; lines
    /// the children print go to <paramref name="log"/> prefixed with the run's name. A child that
    /// fails is started again from the run's last committed checkpoint as <paramref name="restarts"/>
    /// allows (before any other run waiting for a slot), and the restart is logged. Throws when a run
    /// is given up, naming every such run (the others still finish).
    /// </summary>
    /// <param name="folder">The study folder.</param>
    /// <param name="runs">The runs to train (complete ones are skipped).</param>
    /// <param name="jobs">Most child processes at once.</param>
    /// <param name="threads">Threads in all, split evenly between the children.</param>
    /// <param name="childArguments">The command line of the child that trains a run with the given
    /// thread count (this program's arguments, e.g. the CLI's hidden <c>study-run</c> command).</param>
    /// <param name="log">Receives the children's output lines and the study's own.</param>
    /// <param name="restarts">Decides whether a failed run is started again, and counts the restarts.</param>
    /// <param name="cancel">Stops the children (killed: each keeps its last committed checkpoint, and a
    /// child killed by the stop is not reported as failed) and starts no more.</param>
    public static void RunInChildren(StudyFolder folder, IReadOnlyList<StudyRun> runs, int jobs, int threads,
        Func<StudyRun, int, IEnumerable<string>> childArguments, Action<string> log, RunRestarts restarts, CancellationToken cancel = default)
    {
        var pending = runs.Where(r => !RunProgress.Of(folder, r).Complete).ToList();
        int threadsEach = Math.Max(1, threads / Math.Max(1, jobs));
        var running = new List<(StudyRun Run, Process Process, long? StartStep)>();
        var failures = new List<string>();
        while (pending.Count > 0 || running.Count > 0)
        {
            while (running.Count < jobs && pending.Count > 0 && !cancel.IsCancellationRequested)
            {
                var run = pending[0];
                pending.RemoveAt(0);
                long? startStep = RunProgress.Of(folder, run).LastStep;
                running.Add((run, StartChild(run, childArguments(run, threadsEach), log), startStep));
            }
            foreach (var (run, process, startStep) in running.Where(r => r.Process.HasExited).ToList())
            {
                process.WaitForExit();
                int exitCode = process.ExitCode;
                process.Dispose();
                running.RemoveAll(r => r.Run == run);
                // After a stop the children are killed on purpose: their last checkpoint stands, and that is no failure.
                if (exitCode == 0 || cancel.IsCancellationRequested) continue;
                long? lastStep = RunProgress.Of(folder, run).LastStep;
                string at = lastStep is long step ? $"its last checkpoint at step {step:N0}" : "no checkpoint yet";
                if (restarts.Restart(run.Name, exitCode, startStep, lastStep))
                {
                    log($"[study] {run.Name} failed (exit code {exitCode}) with {at}; started again from {(lastStep is null ? "the start" : "there")} (restart {restarts.Restarts(run.Name)})");
                    pending.Insert(0, run);
                }
                else
                    failures.Add($"{run.Name} (exit code {exitCode}, {at}{(restarts.Restarts(run.Name) > 0 ? $", after {restarts.Restarts(run.Name)} restart(s)" : "")})");
            }
            if (cancel.IsCancellationRequested)
            {
                foreach (var (_, process, _) in running) process.Kill(entireProcessTree: true);
                pending.Clear();
            }
            Thread.Sleep(100);
        }
        if (failures.Count > 0)
            throw new StoreException($"Study runs failed: {string.Join(", ", failures)}; rerun the study command to continue them.");
    }

    private static Process StartChild(StudyRun run, IEnumerable<string> arguments, Action<string> log)
    {
        var info = new ProcessStartInfo { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        var self = SelfCommand.Prefix();
        info.FileName = self[0];
        foreach (var a in self.Skip(1)) info.ArgumentList.Add(a);
        foreach (var a in arguments) info.ArgumentList.Add(a);
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log($"[{run.Name}] {e.Data}"); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log($"[{run.Name}] {e.Data}"); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
