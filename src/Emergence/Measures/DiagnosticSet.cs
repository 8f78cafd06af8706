using Emergence.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Measures;

/// <summary>
/// The diagnostic examples (PROTOCOL §1: 200 per task-level, fixed seed) encoded once per
/// device, one batch per task-level in <see cref="TaskLevel.All"/> order. The tensors live as
/// long as this object.
/// </summary>
internal sealed class DiagnosticSet : IDisposable
{
    public IReadOnlyList<(TaskLevel TaskLevel, TaskExample[] Examples, TokenBatch Batch)> Levels { get; }

    public DiagnosticSet(Device device, int perTaskLevel = ExampleSets.DiagnosticPerTaskLevel)
    {
        using var scope = torch.NewDisposeScope();
        var levels = new List<(TaskLevel, TaskExample[], TokenBatch)>();
        foreach (var set in ExampleSets.Diagnostic(perTaskLevel))
        {
            var batch = TokenBatch.Encode(set, device);
            batch.Inputs.DetachFromDisposeScope();
            batch.Targets.DetachFromDisposeScope();
            batch.LossMask.DetachFromDisposeScope();
            levels.Add((set[0].TaskLevel, set, batch));
        }
        Levels = levels;
    }

    public void Dispose()
    {
        foreach (var (_, _, batch) in Levels)
        {
            batch.Inputs.Dispose();
            batch.Targets.Dispose();
            batch.LossMask.Dispose();
        }
    }
}
