using Emergence.Models;
using TorchSharp;
using TorchSharp.Modules;

namespace Emergence.Training;

/// <summary>
/// The AdamW update (Loshchilov &amp; Hutter 2019, decoupled weight decay) of a TorchSharp
/// <see cref="AdamW"/>'s parameters and state, computed operation for operation as TorchSharp
/// 0.107's <see cref="AdamW.step"/>, so weights, moments and the saved state are the same bit for
/// bit. The one difference: every scalar operand is a <see cref="Scalar"/> held until its
/// operation has returned (see <see cref="HeldScalars"/>), where the library's own step passes
/// implicit temporaries that a concurrent collection can free while libtorch reads them.
/// The optimizer object keeps the state and its file format (its type name is written into
/// trainer states and checked on load); only its step is replaced.
/// Per parameter θ with gradient g at step t, learning rate η, decay λ:
/// θ ← θ(1 − ηλ); m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²;
/// θ ← θ − η/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε).
/// AMSGrad and maximisation are refused (the recipe uses neither).
/// </summary>
internal static class AdamWUpdate
{
    /// <summary>One step of every parameter group, at each group's current learning rate.</summary>
    public static void Apply(AdamW optimizer)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var states = optimizer.state_dict().State;    // in group order, then parameter order
        int index = 0;
        foreach (var group in optimizer.ParamGroups.Cast<AdamW.ParamGroup>())
        {
            var options = (AdamW.Options)group.Options;
            if (options.amsgrad == true || options.maximize == true)
                throw new ArgumentException("AdamWUpdate supports neither AMSGrad nor maximisation.");
            double beta1 = options.beta1!.Value, beta2 = options.beta2!.Value;
            double lr = options.LearningRate!.Value, decay = options.weight_decay!.Value, eps = options.eps!.Value;
            using var decayFactor = (1 - lr * decay).ToScalar();
            using var beta1Scalar = beta1.ToScalar();
            using var oneMinusBeta1 = (1 - beta1).ToScalar();
            using var beta2Scalar = beta2.ToScalar();
            using var oneMinusBeta2 = (1 - beta2).ToScalar();
            using var epsScalar = eps.ToScalar();
            foreach (var param in group.Parameters)
            {
                var state = (AdamW.State)states[index++];
                var grad = param.grad;
                if (grad is null) continue;
                state.step += 1;
                param.mul_(decayFactor);
                double biasCorrection1 = 1 - Math.Pow(beta1, state.step);
                double biasCorrection2 = 1 - Math.Pow(beta2, state.step);
                state.exp_avg.mul_(beta1Scalar).add_(grad, alpha: oneMinusBeta1);
                state.exp_avg_sq.mul_(beta2Scalar).addcmul_(grad, grad, value: oneMinusBeta2);
                using var rootBiasCorrection2 = Math.Sqrt(biasCorrection2).ToScalar();
                var denominator = state.exp_avg_sq.sqrt().div(rootBiasCorrection2).PlusInPlace(epsScalar);
                using var negativeStepSize = (-(lr / biasCorrection1)).ToScalar();
                param.addcdiv_(state.exp_avg, denominator, value: negativeStepSize);
            }
        }
    }
}
