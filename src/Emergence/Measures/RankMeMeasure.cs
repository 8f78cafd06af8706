using Emergence.Models;
using Emergence.Storage;
using Emergence.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Measures;

/// <summary>
/// RankMe and its variants (see <see cref="RankMe"/>) of a model's diagnostic hidden states:
/// per task-level (200 examples), per task (its 3 levels pooled, 600 examples, level 0) and per
/// layer (0 = embedding output, l = output of block l, the last before the final LayerNorm).
/// <para>Layer 0 at the last prompt token is wte['='] + wpe[position of '=']: the same vector for
/// every example of a task-level whose prompts have one length (21 of the 24), so there RankMe is
/// ~1 by construction and the row carries <c>rankme_degenerate</c> instead of the centred
/// variants. The analyses use the block outputs, layers 1..L, where the representation can vary.</para>
/// <para>Next to the values, each (task, level) gets <c>rankme_rows</c> (rows stacked, layer -1)
/// and each checkpoint <c>rankme_representation</c> (0 = last-prompt, 1 = answer-mean, 2 = all-mean).</para>
/// </summary>
internal static class RankMeMeasure
{
    /// <summary>Representation [N, d] of each example at every depth, from one no-grad forward pass.</summary>
    public static Tensor[] Representations(Gpt model, TokenBatch batch, IReadOnlyList<TaskExample> examples, Representation representation)
    {
        using var _ = torch.no_grad();
        var (_, hidden) = model.ForwardWithHidden(batch.Inputs);
        int n = batch.Count;
        var device = batch.Inputs.device;
        switch (representation)
        {
            case Representation.LastPrompt:
            {
                using var count = n.ToScalar();
                var rows = torch.arange(count, dtype: int64, device: device);
                var cols = torch.tensor(batch.LastPromptPositions, dtype: int64, device: device);
                return [.. hidden.Select(h => h.index([TensorIndex.Tensor(rows), TensorIndex.Tensor(cols)]))];
            }
            case Representation.AnswerMean:
            {
                var mask = batch.LossMask.unsqueeze(-1);
                return [.. hidden.Select(h => (h * mask).sum(1) / mask.sum(1))];
            }
            default:
            {
                var lengths = examples.Select(e => (long)e.InputLength).ToArray();
                using var length = batch.Length.ToScalar();
                var positions = torch.arange(length, dtype: int64, device: device).unsqueeze(0);
                var mask = positions.lt(torch.tensor(lengths, dtype: int64, device: device).unsqueeze(1)).to(float32).unsqueeze(-1);
                return [.. hidden.Select(h => (h * mask).sum(1) / mask.sum(1))];
            }
        }
    }

    public static IReadOnlyList<MetricRow> Measure(long step, Gpt model, DiagnosticSet set, Representation representation = Representation.LastPrompt)
    {
        using var mode = EvaluationMode.Enter(model);
        var rows = new List<MetricRow> { new(step, MetricNames.RankMeRepresentation, "", 0, MetricRow.NoLayer, (int)representation) };
        using var scope = torch.NewDisposeScope();
        var perTask = new Dictionary<TaskKind, List<Tensor[]>>();
        foreach (var (taskLevel, examples, batch) in set.Levels)
        {
            Tensor[] reps;
            using (torch.NewDisposeScope())   // the forward pass's activations go; the representations stay
                reps = [.. Representations(model, batch, examples, representation).Select(r => r.MoveToOuterDisposeScope())];
            rows.Add(new MetricRow(step, MetricNames.RankMeRows, taskLevel.Task.Name(), taskLevel.Level, MetricRow.NoLayer, batch.Count));
            for (int layer = 0; layer < reps.Length; layer++)
                Add(rows, step, taskLevel.Task.Name(), taskLevel.Level, layer, RankMe.ComputeAll(reps[layer]));
            if (!perTask.TryGetValue(taskLevel.Task, out var list)) perTask[taskLevel.Task] = list = [];
            list.Add(reps);
        }
        foreach (var (task, levels) in perTask)
        {
            rows.Add(new MetricRow(step, MetricNames.RankMeRows, task.Name(), 0, MetricRow.NoLayer, levels.Sum(r => r[0].shape[0])));
            for (int layer = 0; layer < levels[0].Length; layer++)
                Add(rows, step, task.Name(), 0, layer, RankMe.ComputeAll(torch.cat([.. levels.Select(r => r[layer])], 0)));
        }
        return rows;
    }

    private static void Add(List<MetricRow> rows, long step, string task, int level, int layer, RankMeValues values)
    {
        foreach (var (name, value) in values.Named())
            rows.Add(new MetricRow(step, name, task, level, layer, value));
    }
}
