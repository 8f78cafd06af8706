using Emergence.Models;
using Emergence.Tasks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Emergence.Training;

/// <summary>
/// One optimisation step of PROTOCOL §3 on batch number s: encode the batch, forward, masked
/// cross-entropy, backward, clip the global gradient norm, set the scheduled learning rate,
/// AdamW update. All temporaries live in one dispose scope per step.
/// </summary>
public sealed class OptimisationStep : IDisposable
{
    private readonly TrainingConfig _config;
    private readonly Gpt _model;
    private readonly Device _device;
    private readonly Parameter[] _parameters;
    private readonly IReadOnlyList<TaskLevel> _taskLevels;

    public AdamW Optimizer { get; }

    /// <summary>Global gradient norm of the last step, before clipping.</summary>
    public double GradientNorm { get; private set; }

    public OptimisationStep(TrainingConfig config, Gpt model, Device device)
    {
        (_config, _model, _device) = (config, model, device);
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

    /// <summary>Runs step s (1-based); returns the batch loss before the update and the tokens processed.</summary>
    public (double Loss, long Tokens) Run(long step)
    {
        using var scope = torch.NewDisposeScope();
        var batch = TokenBatch.Encode(ExampleSets.TrainingBatch((ulong)_config.Seed, step, _config.BatchSize, _taskLevels), _device);
        Optimizer.zero_grad();
        var loss = AnswerLoss.Compute(_model.forward(batch.Inputs), batch);
        loss.backward();
        GradientNorm = nn.utils.clip_grad_norm_(_parameters, _config.GradientClip);
        double lr = LearningRate(step);
        foreach (var group in Optimizer.ParamGroups) group.LearningRate = lr;
        Optimizer.step();
        return (loss.item<float>(), batch.Count * (long)batch.Length);
    }

    public void Dispose() => Optimizer.Dispose();
}
