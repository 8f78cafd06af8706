using System.Globalization;
using Emergence.Storage;

namespace Emergence.Training;

/// <summary>
/// Training diverged: at <see cref="Step"/> the batch loss or the global gradient norm (before
/// clipping) was NaN or infinite. Every later number would be meaningless, so the run stops; its
/// last committed checkpoint stands and the store records the step and quantity (non_finite).
/// </summary>
public sealed class TrainingDivergedException(long step, string quantity, double value, double learningRate)
    : Exception($"training diverged at step {step}: {(quantity == RunStore.TrainLoss ? "the loss" : "the gradient norm")} is {RunStore.Describe(value)} " +
                $"(learning rate {learningRate.ToString("G4", CultureInfo.InvariantCulture)}); the run stops and its last checkpoint stands (recorded in run.db, table non_finite)")
{
    /// <summary>The step whose loss or gradient norm was not finite.</summary>
    public long Step { get; } = step;
    /// <summary><see cref="RunStore.TrainLoss"/> or <see cref="RunStore.GradientNorm"/>.</summary>
    public string Quantity { get; } = quantity;
    /// <summary>The non-finite value.</summary>
    public double Value { get; } = value;

    /// <summary>The divergence at this step, or null when loss and gradient norm are finite.</summary>
    public static TrainingDivergedException? Check(long step, double loss, double gradientNorm, double learningRate) =>
        !double.IsFinite(loss) ? new(step, RunStore.TrainLoss, loss, learningRate)
        : !double.IsFinite(gradientNorm) ? new(step, RunStore.GradientNorm, gradientNorm, learningRate)
        : null;
}
