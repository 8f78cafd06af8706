using Emergence.Models;
using Emergence.Storage;
using Emergence.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Measures;

/// <summary>
/// Linear probes (PROTOCOL §4.6): per task-level and layer, a <see cref="RidgeProbe"/> from the hidden
/// state at the last prompt token ('=', <see cref="Representation.LastPrompt"/>) to the first answer
/// token, which that position predicts. The task-level's diagnostic examples (200, fixed seed) are split
/// by position: the first <see cref="TrainFraction"/> train the probe (and choose its ridge strength by
/// leave-one-out), the rest test it. Per task-level, not per task: behavioural emergence is detected per
/// task-level, and the first answer token's distribution depends on the level.
/// <para>Control (Hewitt and Liang 2019 in spirit): the same probe trained on the train labels permuted
/// (a fixed permutation per task-level) and scored on the true test labels; it should stay near chance.</para>
/// <para>Rows: <c>probe_accuracy</c>, <c>probe_accuracy_permuted</c> and <c>probe_ridge</c> (task, level, layer 0..L), <c>probe_chance</c>,
/// <c>probe_train_examples</c> and <c>probe_test_examples</c> (task, level, layer −1). Layer 0 at '=' is one
/// vector for every example of a task-level whose prompts have one length, so its probe predicts the train
/// majority class.</para>
/// </summary>
internal static class ProbeMeasure
{
    public const double TrainFraction = 0.75;

    /// <summary>Seed of the control's label permutation (plus the task-level's index), the same at every checkpoint.</summary>
    public const int ControlSeed = 20260301;

    /// <summary>The first answer token of an example: the target at its '=' position.</summary>
    public static int FirstAnswerToken(TaskExample example) => example.Tokens()[example.LastPromptPosition + 1];

    public static IReadOnlyList<MetricRow> Measure(long step, Gpt model, DiagnosticSet set)
    {
        using var mode = EvaluationMode.Enter(model);
        var rows = new List<MetricRow>();
        foreach (var (taskLevel, examples, batch) in set.Levels)
        {
            using var scope = torch.NewDisposeScope();
            var reps = RankMeMeasure.Representations(model, batch, examples, Representation.LastPrompt);
            var labels = examples.Select(FirstAnswerToken).ToArray();
            if (labels.Length < 3)
                throw new ArgumentException($"The linear probe needs at least 3 diagnostic examples per task-level (2 to train, 1 to test); got {labels.Length}.");
            int train = Math.Clamp((int)Math.Round(TrainFraction * labels.Length), 2, labels.Length - 1);
            var permuted = labels[..train];
            new Random(ControlSeed + taskLevel.Index).Shuffle(permuted);
            string task = taskLevel.Task.Name();
            void Add(string name, double value, int layer = MetricRow.NoLayer) => rows.Add(new MetricRow(step, name, task, taskLevel.Level, layer, value));
            ProbeResult? last = null;
            for (int layer = 0; layer < reps.Length; layer++)
            {
                var x = Rows(reps[layer]);
                last = RidgeProbe.Fit(x[..train], labels[..train], x[train..], labels[train..]);
                Add(MetricNames.ProbeAccuracy, last.TestAccuracy, layer);
                Add(MetricNames.ProbeRidge, last.Ridge, layer);
                Add(MetricNames.ProbeAccuracyPermuted, RidgeProbe.Fit(x[..train], permuted, x[train..], labels[train..]).TestAccuracy, layer);
            }
            Add(MetricNames.ProbeChance, last!.Chance);
            Add(MetricNames.ProbeTrainExamples, last.Train);
            Add(MetricNames.ProbeTestExamples, last.Test);
        }
        return rows;
    }

    private static double[][] Rows(Tensor matrix)
    {
        var m = matrix.detach().to(float64).cpu();
        int n = (int)m.shape[0], d = (int)m.shape[1];
        var flat = m.data<double>().ToArray();
        return [.. Enumerable.Range(0, n).Select(i => flat.AsSpan(i * d, d).ToArray())];
    }
}
