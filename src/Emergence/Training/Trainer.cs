using System.Diagnostics;
using Emergence.Models;
using Emergence.Storage;
using Emergence.Tasks;
using TorchSharp;
using TorchSharp.Modules;

namespace Emergence.Training;

/// <summary>
/// The multi-task trainer of PROTOCOL §3: AdamW, clipping, warmup + cosine, every task-level
/// sampled uniformly, evaluation on the fixed set at every scheduled checkpoint.
///
/// Crash safety: at checkpoint k the weights file and the trainer state are written (each by
/// write-then-rename), then the checkpoint row and all its results are committed in one
/// transaction. A store therefore only names checkpoints whose state is on disk, and resuming
/// from the last committed checkpoint replays exactly the same batches (batch s is a function
/// of the seed and s), so a resumed run reproduces an uninterrupted one bit for bit at the
/// same thread count.
/// </summary>
public sealed class Trainer(TrainingConfig config, RunFolder folder, torch.Device device, int threads,
    ITrainingObserver? observer = null, ICheckpointMeasures? measures = null)
{
    private readonly ITrainingObserver _observer = observer ?? new NullObserver();

    private sealed class NullObserver : ITrainingObserver;

    /// <summary>
    /// Trains to the configured step count, or until cancelled (then the last checkpoint stands).
    /// A fresh start that fails before its first checkpoint removes what it created (<see cref="FreshStart"/>).
    /// </summary>
    /// <param name="resume">Continue the run in the folder from its last checkpoint.</param>
    /// <param name="cancel">Stops after the current step.</param>
    /// <param name="stopAt">Stops after the first checkpoint at or after this step (the run keeps its configured
    /// schedule and length, and a later resume continues it as if it had not stopped); null = train to the end.</param>
    public void Run(bool resume, CancellationToken cancel = default, long? stopAt = null)
    {
        config.Validate();
        if (stopAt is < 1) throw new ArgumentException($"--stop-at must be a step >= 1 (got {stopAt}).");
        var fresh = FreshStart.Begin(folder);
        try
        {
            Train(resume, cancel, stopAt);
        }
        catch when (fresh is not null)
        {
            fresh.UndoIfNoCheckpoint();
            throw;
        }
    }

    private void Train(bool resume, CancellationToken cancel, long? stopAt)
    {
        TorchRuntime.SetThreads(threads);
        using var store = OpenStore(resume);
        torch.manual_seed(config.Seed);
        using var model = new Gpt(config.Model);
        model.to(device);
        model.train();
        using var stepper = new OptimisationStep(config, model, device);
        var optimizer = stepper.Optimizer;
        using var evaluator = new Evaluator(ExampleSets.Evaluation(config.EvaluationPerTaskLevel, config.ParsedTaskLevels()), device);
        var schedule = config.Checkpoints.Steps(config.Steps);

        long last = ResumePoint(store, model, optimizer);
        if (stopAt is long stopStep && last >= stopStep) return; // already there: nothing to train, no resume to record
        if (last >= 0)
        {
            RunMetadata.RecordThreads(store, threads, last);
            if (last < config.Steps) RunMetadata.RecordResume(store, last);
        }
        var previous = last >= 0 ? store.Checkpoints()[^1] : null;
        long tokensSeen = previous?.TokensSeen ?? 0;
        double wallOffset = previous?.WallSeconds ?? 0;
        var clock = Stopwatch.StartNew();
        var losses = new List<StepLoss>();

        _observer.Started(config, last + 1);
        if (last < 0)
            Checkpoint(store, model, optimizer, evaluator, 0, double.NaN, 0, 0, wallOffset, losses, trainingSeconds: null);

        var rate = Stopwatch.StartNew();
        var sinceCheckpoint = Stopwatch.StartNew();
        long rateTokens = 0;
        for (long step = Math.Max(1, last + 1); step <= config.Steps; step++)
        {
            if (cancel.IsCancellationRequested) return;
            var (loss, tokens, _, _) = stepper.Run(step);
            double lr = stepper.LearningRate(step);
            if (TrainingDivergedException.Check(step, loss, stepper.GradientNorm, lr) is { } diverged)
            {
                store.RecordDivergence(step, diverged.Quantity, diverged.Value, losses);
                throw diverged;
            }
            tokensSeen += tokens;
            rateTokens += tokens;
            losses.Add(new StepLoss(step, loss, lr));
            double tokensPerSecond = rateTokens / Math.Max(1e-9, rate.Elapsed.TotalSeconds);
            if (rate.Elapsed.TotalSeconds > 5) { rate.Restart(); rateTokens = 0; }
            _observer.Stepped(step, loss, lr, tokensPerSecond);
            if (schedule.Contains(step))
            {
                Checkpoint(store, model, optimizer, evaluator, step, loss, lr, tokensSeen, wallOffset + clock.Elapsed.TotalSeconds, losses,
                    sinceCheckpoint.Elapsed.TotalSeconds);
                losses.Clear();
                sinceCheckpoint.Restart();
                if (stopAt is long stop && step >= stop) return;
            }
        }
    }

    private RunStore OpenStore(bool resume)
    {
        var requested = config.ToJson();
        if (!folder.HasStore)
        {
            if (folder.HoldsFiles && !resume)
                throw new StoreException($"Output folder {folder.Path} is not empty and holds no run; choose an empty or new folder.");
            var meta = RunMetadata.Collect(config, threads, device.ToString());
            meta["measures"] = measures?.Describe() ?? "none";
            return RunStore.Create(folder.StorePath, meta);
        }
        if (!resume)
            throw new StoreException($"Output folder {folder.Path} already holds a run; pass --resume to continue it or choose another folder.");
        // Everything that can refuse the resume is checked on a read-only connection, so a refused
        // resume leaves every file byte for byte as it was.
        using (var check = RunStore.Open(folder.StorePath, readOnly: true))
        {
            var differences = JsonDifferences.Between(TrainingConfig.Normalise(check.Meta("config") ?? "{}"), requested);
            if (differences.Count > 0)
                throw new StoreException($"Cannot resume {folder.Path} with a different configuration: {string.Join("; ", differences)}.");
            var storedMeasures = check.Meta("measures");
            var requestedMeasures = measures?.Describe() ?? "none";
            if (storedMeasures is not null && storedMeasures != requestedMeasures)
                throw new StoreException($"Cannot resume {folder.Path} with different measures: stored {storedMeasures}, requested {requestedMeasures} (compute others afterwards with emergence measure).");
            if (check.Divergence() is { } divergence)
                throw new StoreException($"Cannot resume {folder.Path}: it {divergence}, and resuming would repeat the same batches; start a new run with other settings.");
            if (check.LastCheckpointStep() is long last)
                TrainerState.Verify(folder.ResumeFile(last));
        }
        return RunStore.Open(folder.StorePath);
    }

    /// <summary>Loads the last committed checkpoint's state; returns its step, or -1 for a fresh start.</summary>
    private long ResumePoint(RunStore store, Gpt model, AdamW optimizer)
    {
        long? last = store.LastCheckpointStep();
        foreach (var orphan in RunFolder.StepsIn(folder.ResumeDirectory, ".state").Where(s => last is null || s > last))
            File.Delete(folder.ResumeFile(orphan));
        if (last is null) return -1;
        long loaded = TrainerState.Load(folder.ResumeFile(last.Value), model, optimizer);
        if (loaded != last) throw new StoreException($"Trainer state {folder.ResumeFile(last.Value)} holds step {loaded}, expected {last}.");
        store.DeleteAfter(last.Value);
        return last.Value;
    }

    /// <summary>
    /// Evaluates, saves and measures checkpoint <paramref name="step"/> and commits it, with its
    /// timings: <paramref name="trainingSeconds"/>, the steps since the previous checkpoint (null at
    /// step 0), and the evaluation and saving timed here.
    /// </summary>
    private void Checkpoint(RunStore store, Gpt model, AdamW optimizer, Evaluator evaluator, long step, double loss,
        double lr, long tokensSeen, double wallSeconds, List<StepLoss> losses, double? trainingSeconds)
    {
        var work = Stopwatch.StartNew();
        var results = evaluator.Evaluate(model);
        TorchRuntime.ReturnFreedHeap();
        CrashPoint.Hit("before-weights", step);
        if (config.SaveWeights != WeightsPolicy.None)
            ModelWeights.Save(folder.WeightsFile(step), model);
        CrashPoint.Hit("before-state", step);
        TrainerState.Save(folder.ResumeFile(step), step, model, optimizer);
        double checkpointSeconds = work.Elapsed.TotalSeconds;
        CrashPoint.Hit("before-commit", step);

        IEnumerable<MetricRow> metrics = results.SelectMany(r => new[]
        {
            new MetricRow(step, MetricNames.Accuracy, r.TaskLevel.Task.Name(), r.TaskLevel.Level, MetricRow.NoLayer, r.Accuracy),
            new MetricRow(step, MetricNames.AnswerLogprob, r.TaskLevel.Task.Name(), r.TaskLevel.Level, MetricRow.NoLayer, r.AnswerLogProb),
            new MetricRow(step, MetricNames.AnswerTokenLoss, r.TaskLevel.Task.Name(), r.TaskLevel.Level, MetricRow.NoLayer, r.TokenLoss),
        });
        metrics = [.. metrics, Cost(MetricNames.CheckpointCost, checkpointSeconds), .. trainingSeconds is double t ? [Cost(MetricNames.TrainingCost, t)] : Array.Empty<MetricRow>()];
        if (measures is not null) metrics = [.. metrics, .. measures.Measure(step, model)];
        var items = results.Select(r => new ItemCorrectness(step, r.TaskLevel.Task.Name(), r.TaskLevel.Level, r.Correct));
        var row = new CheckpointRow(step, loss, lr, tokensSeen, wallSeconds);
        var recorded = metrics.ToList();
        store.RecordCheckpoint(row, recorded, items, losses);
        CrashPoint.Hit("after-commit", step);

        foreach (var old in RunFolder.StepsIn(folder.ResumeDirectory, ".state").Where(s => s < step))
            File.Delete(folder.ResumeFile(old));
        if (config.SaveWeights == WeightsPolicy.Last)
            foreach (var old in RunFolder.StepsIn(folder.WeightsDirectory, ".safetensors").Where(s => s < step))
                File.Delete(folder.WeightsFile(old));
        _observer.Recorded(row, recorded, losses);
        _observer.Checkpointed(step, results);

        MetricRow Cost(string name, double seconds) => new(step, name, "", 0, MetricRow.NoLayer, seconds);
    }
}
