using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Measures;

/// <summary>
/// Local learning coefficient (Lau, Furman, Wang, Murfet and Wei 2023, "The local learning
/// coefficient: a singularity-aware complexity measure"), estimated as devinterp does, by
/// localised tempered SGLD around w*, on one flat parameter vector w:
/// <code>
///   w_{t+1} = w_t - (eps/2) (n_beta grad L_{B_t}(w_t) + gamma (w_t - w*)) + N(0, eps I)
///   lambda_hat(chain) = n_beta (mean over draws t >= burn-in of L_{B_t}(w_t) - L(w*))
/// </code>
/// L_B is the mean loss on a minibatch B; L(w*) is the mean loss at w* over
/// <see cref="LlcOptions.InitLossBatches"/> batches (devinterp's multi-batch initial loss). How the
/// chains combine into llc, llc_std and the standard error: <see cref="LlcResult"/>.
/// Diagnostics per chain: the batch loss and the distance ||w_t - w*|| at every step (burn-in
/// included), and the MALA acceptance probability of each SGLD step,
/// min(1, exp(U(w_t) - U(w_{t+1}) + log q(w_t|w_{t+1}) - log q(w_{t+1}|w_t))) with
/// U(w) = n_beta L(w) + gamma/2 ||w - w*||^2 and q(y|x) = N(x - (eps/2) grad U(x), eps I); U at
/// w_{t+1} is evaluated on the next step's batch (devinterp's approximation); with a bounding box
/// the unclamped proposal is used. Low acceptance (well below ~0.9) means eps is too large for the
/// posterior's curvature.
/// Warnings: at a checkpoint that is not a local minimum (early training) lambda_hat can be
/// negative; it is kept (flagged by the caller), never rejected. A diverging chain (non-finite
/// loss) stops and contributes NaN.
/// Batches are named by an index into a stream of batches: L(w*) batch k is index k, step t of
/// chain c is index (c + 1) <see cref="ChainBatchStride"/> + t, so no two batches coincide.
/// </summary>
public static class Llc
{
    /// <summary>Chain c's noise generator is seeded with Seed + c x this prime, so chains never share noise.</summary>
    public const ulong ChainSeedStride = 7919;
    /// <summary>Batch indices reserved per chain (and for the L(w*) set): the most steps a chain may take.</summary>
    public const long ChainBatchStride = 1_000_000;

    /// <summary>Batch index of the k-th L(w*) batch.</summary>
    public static long InitLossBatch(int k) => k;
    /// <summary>Batch index of a chain's step.</summary>
    public static long ChainBatch(int chain, int step) => (chain + 1) * ChainBatchStride + step;

    /// <summary>
    /// The loss at the flat parameter vector <c>w</c> (never modified) on batch <c>batch</c>, with its
    /// gradient with respect to w (flat, same shape and dtype) when <c>withGradient</c>.
    /// </summary>
    public delegate (double Loss, Tensor? Gradient) FlatLoss(Tensor w, long batch, bool withGradient);

    /// <summary>Estimates the LLC at <paramref name="star"/> (flat w*, never modified).</summary>
    public static LlcResult Estimate(Tensor star, FlatLoss loss, LlcOptions options)
    {
        options.Validate();
        var init = InitialLoss(star, loss, options.InitLossBatches);
        var chains = new LlcChain[options.Chains];
        for (int c = 0; c < options.Chains; c++) chains[c] = RunChain(star, loss, options, c);
        return LlcResult.From(chains, init, options);
    }

    /// <summary>Mean and standard error of the loss at w* over K batches.</summary>
    public static LlcInitialLoss InitialLoss(Tensor star, FlatLoss loss, int batches)
    {
        var values = new double[batches];
        using (torch.no_grad())
            for (int k = 0; k < batches; k++)
            {
                using var scope = torch.NewDisposeScope();
                values[k] = loss(star, InitLossBatch(k), false).Loss;
            }
        return new LlcInitialLoss(values.Average(), batches > 1 ? LlcResult.SampleStd(values) / Math.Sqrt(batches) : 0, batches);
    }

    /// <summary>One SGLD chain from w*: its loss and distance traces and MALA acceptances (<see cref="LlcChains"/> with this one chain).</summary>
    public static LlcChain RunChain(Tensor star, FlatLoss loss, LlcOptions options, int chain)
    {
        (double[], Tensor?) One(Tensor w, long[] batches, bool withGradient)
        {
            var (value, gradient) = loss(w[0], batches[0], withGradient);
            return ([value], gradient?.unsqueeze(0));
        }
        return LlcChains.Run(star, One, options, [chain])[0];
    }

    /// <summary>
    /// MALA acceptance probability of the step w_t -> w_{t+1} from U_t = <paramref name="previousU"/>,
    /// U_{t+1} = <paramref name="u"/>, and with S = grad U_t + grad U_{t+1} and xi_t the step's standard
    /// normal noise, <paramref name="sumSquare"/> = ||S||^2 and <paramref name="sumDotNoise"/> = S . xi_t.
    /// With w_{t+1} - w_t = -(eps/2) grad U_t + sqrt(eps) xi_t:
    /// (||w_t - w_{t+1} + (eps/2) grad U_{t+1}||^2 - ||sqrt(eps) xi_t||^2) / (2 eps)
    ///   = (eps/8) ||S||^2 - (sqrt(eps)/2) S . xi_t      (no cancellation of large terms).
    /// A NaN log-ratio counts as rejection (0).
    /// </summary>
    public static double MalaAcceptance(double previousU, double u, double eps, double sumSquare, double sumDotNoise)
    {
        double logAlpha = previousU - u - (eps / 8 * sumSquare - Math.Sqrt(eps) / 2 * sumDotNoise);
        return double.IsNaN(logAlpha) ? 0 : Math.Exp(Math.Min(0, logAlpha));
    }

    /// <summary>
    /// The LLC of <paramref name="parameters"/> at their current values, for a loss written on them:
    /// <paramref name="batchLoss"/>(batch index) is the minibatch loss. The parameters take each
    /// point's values while its loss is computed and are restored bit for bit afterwards.
    /// </summary>
    public static LlcResult Estimate(IReadOnlyList<Tensor> parameters, Func<long, Tensor> batchLoss, LlcOptions options)
    {
        options.Validate();
        var saved = ParameterVectors.Snapshot(parameters);
        var dtype = parameters[0].dtype;
        Tensor star;
        using (torch.NewDisposeScope()) star = ParameterVectors.Flatten(saved, dtype).DetachFromDisposeScope();
        (double, Tensor?) Loss(Tensor w, long batch, bool withGradient)
        {
            using (torch.no_grad())
            {
                var values = ParameterVectors.Unflatten(w, parameters);
                for (int i = 0; i < parameters.Count; i++) parameters[i].copy_(values[i]);
            }
            if (!withGradient)
                using (torch.no_grad()) return (batchLoss(batch).to(float64).item<double>(), null);
            var loss = batchLoss(batch);
            var grads = torch.autograd.grad([loss], [.. parameters]);
            return (loss.to(float64).item<double>(), ParameterVectors.Flatten(grads, dtype));
        }
        try
        {
            return Estimate(star, Loss, options);
        }
        finally
        {
            ParameterVectors.Restore(parameters, saved);
            foreach (var s in saved) s.Dispose();
            star.Dispose();
        }
    }
}
