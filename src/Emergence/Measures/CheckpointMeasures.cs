using System.Diagnostics;
using Emergence.Models;
using Emergence.Storage;
using Emergence.Tasks;
using Emergence.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Measures;

/// <summary>Settings of every measure (the defaults are the paper's, PROTOCOL §4).</summary>
public sealed record MeasureSettings
{
    /// <summary>Which hidden state stands for an example in RankMe.</summary>
    public Representation Representation { get; init; } = Representation.LastPrompt;
    /// <summary>Diagnostic examples per task-level (RankMe, Fisher, gradcov), &gt;= 2.</summary>
    public int DiagnosticPerTaskLevel { get; init; } = ExampleSets.DiagnosticPerTaskLevel;
    /// <summary>Per-example gradients by one batched pass (true) or one backward pass per example.</summary>
    public bool BatchedGradients { get; init; } = true;
    /// <summary>Settings of the LLC estimate.</summary>
    public LlcOptions Llc { get; init; } = LlcOptions.Paper;
    /// <summary>Settings of the Hessian measure.</summary>
    public HessianOptions Hessian { get; init; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad value and what is allowed.</summary>
    public MeasureSettings Validate()
    {
        if (!Enum.IsDefined(Representation)) throw new ArgumentException($"Representation must be one of {string.Join(", ", Enum.GetNames<Representation>())} (got {Representation}).");
        if (DiagnosticPerTaskLevel < 2) throw new ArgumentException($"Diagnostic examples per task-level must be at least 2 (got {DiagnosticPerTaskLevel}).");
        Llc.Validate();
        Hessian.Validate();
        return this;
    }
}

/// <summary>
/// Runs the selected measures at a checkpoint (training calls it through
/// <see cref="ICheckpointMeasures"/>; <c>emergence measure</c> calls <see cref="Measure(long, Gpt, int)"/>
/// on saved weights). Each measure that runs adds <c>cost_seconds.&lt;measure&gt;</c>. The model is
/// left as it was: measures run without changing weights (the LLC restores them bit for bit)
/// and in the training/eval mode they found.
/// </summary>
public sealed class CheckpointMeasures : ICheckpointMeasures, IDisposable
{
    private readonly Device _device;
    private readonly IReadOnlyList<long>? _schedule;
    private DiagnosticSet? _diagnostic;
    private int _calls;

    /// <summary>Which measures run and how often.</summary>
    public MeasureSelection Selection { get; }
    /// <summary>The measures' settings (validated).</summary>
    public MeasureSettings Settings { get; }
    /// <summary>Where a measure's warning line goes (an unreliable LLC estimate); standard error by default.</summary>
    public Action<string>? Warn { get; init; } = Console.Error.WriteLine;

    /// <summary>Measures that run on <paramref name="device"/>; the settings are validated here.</summary>
    /// <param name="selection">Which measures run and how often.</param>
    /// <param name="device">Device of the model and the diagnostic set.</param>
    /// <param name="settings">The measures' settings (the paper's when null).</param>
    /// <param name="schedule">The run's checkpoint steps, so that cadences count checkpoints of the
    /// schedule (and a resumed run keeps them); without it, calls are counted.</param>
    public CheckpointMeasures(MeasureSelection selection, Device device, MeasureSettings? settings = null, IReadOnlyList<long>? schedule = null)
    {
        Selection = selection.Validate();
        Settings = (settings ?? new MeasureSettings()).Validate();
        _device = device;
        _schedule = schedule;
    }

    /// <summary>Selection and settings as compact JSON (stored in meta <c>measures</c>; a resume must match it).</summary>
    public string Describe() =>
        System.Text.Json.JsonSerializer.Serialize(new { selection = Selection.ToString(), settings = Settings }, SnakeCaseJson.Compact);

    private DiagnosticSet Diagnostic => _diagnostic ??= new DiagnosticSet(_device, Settings.DiagnosticPerTaskLevel);

    /// <summary>The measures due at this checkpoint (counted in the schedule when given, else by calls).</summary>
    public IReadOnlyList<MetricRow> Measure(long step, Gpt model)
    {
        int index = _calls++;
        if (_schedule is not null)
        {
            int position = IndexOf(_schedule, step);
            if (position >= 0) index = position;
        }
        return Measure(step, model, index);
    }

    private static int IndexOf(IReadOnlyList<long> schedule, long step)
    {
        for (int i = 0; i < schedule.Count; i++) if (schedule[i] == step) return i;
        return -1;
    }

    /// <summary>The measures due at checkpoint number <paramref name="checkpointIndex"/> (0-based).</summary>
    public IReadOnlyList<MetricRow> Measure(long step, Gpt model, int checkpointIndex) =>
        Measure(step, model, MeasureSelection.All.Where(k => Selection.IsDue(k, checkpointIndex)).ToHashSet());

    /// <summary>Runs exactly the given measures.</summary>
    public IReadOnlyList<MetricRow> Measure(long step, Gpt model, IReadOnlySet<MeasureKind> kinds)
    {
        var rows = new List<MetricRow>();
        bool wasTraining = model.training;
        try
        {
            if (kinds.Contains(MeasureKind.RankMe))
                Timed(rows, step, "rankme", () => RankMeMeasure.Measure(step, model, Diagnostic, Settings.Representation));
            bool fisher = kinds.Contains(MeasureKind.Fisher), gradcov = kinds.Contains(MeasureKind.GradCov);
            if (fisher || gradcov)
            {
                // Both come from the same per-example gradients; their shared cost is split evenly.
                var clock = Stopwatch.StartNew();
                using (torch.NewDisposeScope())
                    rows.AddRange(GradientSpectra.Measure(step, model, Diagnostic, fisher, gradcov, Settings.BatchedGradients));
                TorchRuntime.ReturnFreedHeap();
                double seconds = clock.Elapsed.TotalSeconds / ((fisher ? 1 : 0) + (gradcov ? 1 : 0));
                if (fisher) rows.Add(Cost(step, "fisher", seconds));
                if (gradcov) rows.Add(Cost(step, "gradcov", seconds));
            }
            if (kinds.Contains(MeasureKind.Probe))
                Timed(rows, step, "probe", () => ProbeMeasure.Measure(step, model, Diagnostic));
            if (kinds.Contains(MeasureKind.Llc))
                Timed(rows, step, "llc", () => LlcMeasure.Measure(step, model, Settings.Llc, Warn));
            if (kinds.Contains(MeasureKind.Hessian))
                Timed(rows, step, "hessian", () => HessianMeasure.Measure(step, model, Settings.Hessian));
        }
        finally
        {
            if (wasTraining) model.train(); else model.eval();
        }
        return rows;
    }

    private static MetricRow Cost(long step, string measure, double seconds) =>
        new(step, MetricNames.CostSeconds(measure), "", 0, MetricRow.NoLayer, seconds);

    private static void Timed(List<MetricRow> rows, long step, string measure, Func<IReadOnlyList<MetricRow>> run)
    {
        var clock = Stopwatch.StartNew();
        using (torch.NewDisposeScope())   // every temporary of the measure is freed with it
            rows.AddRange(run());
        TorchRuntime.ReturnFreedHeap();
        rows.Add(Cost(step, measure, clock.Elapsed.TotalSeconds));
    }

    /// <summary>Frees the diagnostic set's tensors.</summary>
    public void Dispose() => _diagnostic?.Dispose();
}
