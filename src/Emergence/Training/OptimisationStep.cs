using Emergence.Models;
using Emergence.Tasks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Emergence.Training;

/// <summary>
/// One optimisation step of PROTOCOL §3 on batch number s: encode the batch, forward, masked
/// cross-entropy, backward, clip the global gradient norm, set the scheduled learning rate,
/// AdamW update (<see cref="AdamWUpdate"/>). All temporaries live in one dispose scope per step.
/// By default the batch is packed (<see cref="PackedBatch"/>): the same 64 examples and the same
/// loss as the padded batch, without computing the padding; <c>pack: false</c>
/// runs the padded batch (<see cref="TokenBatch"/>), for comparison.
/// </summary>
/// <param name="Loss">The batch loss before the update.</param>
/// <param name="Tokens">Examples × longest example: the positions of the padded batch (what a run records as tokens seen).</param>
/// <param name="Rows">Rows of the computed batch.</param>
/// <param name="RowLength">Positions per row.</param>
internal sealed record StepResult(double Loss, long Tokens, int Rows, int RowLength)
{
    public long ComputedPositions => (long)Rows * RowLength;
}

/// <inheritdoc cref="StepResult"/>
internal sealed class OptimisationStep : IDisposable
{
    private readonly TrainingConfig _config;
    private readonly Gpt _model;
    private readonly Device _device;
    private readonly Parameter[] _parameters;
    private readonly IReadOnlyList<TaskLevel> _taskLevels;

    public AdamW Optimizer { get; }

    /// <summary>Global gradient norm of the last step, before clipping.</summary>
    public double GradientNorm { get; private set; }

    private readonly bool _pack;

    public OptimisationStep(TrainingConfig config, Gpt model, Device device, bool pack = true)
    {
        (_config, _model, _device, _pack) = (config, model, device, pack);
        _parameters = [.. model.parameters()];
        _taskLevels = config.ParsedTaskLevels();
        Optimizer = CreateOptimizer(config, model);
    }

    /// <summary>AdamW with decay on matrices and embeddings only (biases and LayerNorm gains are not decayed).</summary>
    private static AdamW CreateOptimizer(TrainingConfig config, Gpt model)
    {
        var parameters = model.parameters().ToList();
        return torch.optim.AdamW(
            [
                new AdamW.ParamGroup(parameters.Where(p => p.dim() >= 2), new AdamW.Options { weight_decay = config.WeightDecay }),
                new AdamW.ParamGroup(parameters.Where(p => p.dim() < 2), new AdamW.Options { weight_decay = 0.0 }),
            ],
            lr: config.PeakLearningRate, beta1: config.Beta1, beta2: config.Beta2, eps: config.AdamEpsilon);
    }

    public double LearningRate(long step) =>
        LearningRateSchedule.At(step, _config.Steps, _config.WarmupSteps, _config.PeakLearningRate);

    /// <summary>Runs step s (1-based).</summary>
    public StepResult Run(long step)
    {
        using var scope = torch.NewDisposeScope();
        var examples = ExampleSets.TrainingBatch((ulong)_config.Seed, step, _config.BatchSize, _taskLevels);
        Optimizer.zero_grad();
        var (loss, rows, rowLength) = _pack ? PackedLoss(examples) : PaddedLoss(examples);
        loss.backward();
        GradientNorm = nn.utils.clip_grad_norm_(_parameters, _config.GradientClip);
        double lr = LearningRate(step);
        foreach (var group in Optimizer.ParamGroups) group.LearningRate = lr;
        AdamWUpdate.Apply(Optimizer);
        return new StepResult(loss.item<float>(), examples.Length * (long)examples.Max(e => e.InputLength), rows, rowLength);
    }

    private (Tensor Loss, int Rows, int RowLength) PackedLoss(TaskExample[] examples)
    {
        var batch = PackedBatch.Pack(examples, _device);
        return (AnswerLoss.Compute(_model.ScoredLogits(batch), batch, _config.LossWeighting), batch.Rows, batch.Length);
    }

    private (Tensor Loss, int Rows, int RowLength) PaddedLoss(TaskExample[] examples)
    {
        var batch = TokenBatch.Encode(examples, _device);
        return (AnswerLoss.Compute(_model.forward(batch.Inputs), batch, _config.LossWeighting), batch.Count, batch.Length);
    }

    public void Dispose() => Optimizer.Dispose();
}
