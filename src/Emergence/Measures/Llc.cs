using Emergence.Models;
using Emergence.Storage;
using Emergence.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Measures;

/// <summary>Per-chain results and diagnostics of one LLC estimate.</summary>
public sealed record LlcResult(
    double Mean, double Std, double[] PerChain, double InitLoss, LlcOptions Options, double NBeta,
    double[][] LossTraces, double[][] DistanceTraces, double[] MalaAcceptance, bool Negative, bool NonFinite);

/// <summary>
/// Local learning coefficient (Lau, Furman, Wang, Murfet and Wei 2023, "The local learning
/// coefficient: a singularity-aware complexity measure"), estimated as devinterp does, by
/// localised tempered SGLD around the checkpoint w*:
/// <code>
///   w_{t+1} = w_t - (eps/2) (n_beta grad L_{B_t}(w_t) + gamma (w_t - w*)) + N(0, eps I)
///   lambda_hat(chain) = n_beta (mean over draws t >= burn-in of L_{B_t}(w_t) - L(w*))
///   llc = mean over chains, llc_std = sample std over chains (ddof 1)
/// </code>
/// L_B is the mean loss on a minibatch of B training examples; L(w*) is the mean loss at w* over
/// one batch per chain (devinterp's multi-batch initial loss). Diagnostics per chain: the batch
/// loss and the distance ||w_t - w*|| at every step (burn-in included), and the MALA acceptance
/// probability of each SGLD step, min(1, exp(U(w_t) - U(w_{t+1}) + log q(w_t|w_{t+1}) - log q(w_{t+1}|w_t)))
/// with U(w) = n_beta L(w) + gamma/2 ||w - w*||^2 and q(y|x) = N(x - (eps/2) grad U(x), eps I); U at
/// w_{t+1} is evaluated on the next step's batch (devinterp's approximation); with a bounding box
/// the unclamped proposal is used. Low acceptance
/// (well below ~0.9) means eps is too large for the posterior's curvature.
/// Warnings: at a checkpoint that is not a local minimum (early training) lambda_hat can be
/// negative; it is then recorded with llc_negative = 1, never rejected. A diverging chain
/// (non-finite loss) stops, contributes NaN, and sets llc_nonfinite = 1. The model's weights
/// are restored bit for bit afterwards.
/// </summary>
public static class Llc
{
    /// <summary>
    /// Estimates the LLC of <paramref name="parameters"/> at their current values.
    /// <paramref name="batchLoss"/>(chain, step) is the minibatch loss for that SGLD step
    /// (step -1: the batch used for L(w*)).
    /// </summary>
    public static LlcResult Estimate(IReadOnlyList<Tensor> parameters, Func<int, int, Tensor> batchLoss, LlcOptions options)
    {
        options.Validate();
        double nBeta = options.EffectiveNBeta, eps = options.Epsilon, gamma = options.Gamma;
        int steps = options.BurnIn + options.Draws;
        var star = ParameterVectors.Snapshot(parameters);
        var device = parameters[0].device;
        try
        {
            double initLoss = 0;
            using (torch.no_grad())
                for (int c = 0; c < options.Chains; c++)
                {
                    using var scope = torch.NewDisposeScope();
                    initLoss += batchLoss(c, -1).to(float64).item<double>();
                }
            initLoss /= options.Chains;

            var perChain = new double[options.Chains];
            var lossTraces = new double[options.Chains][];
            var distanceTraces = new double[options.Chains][];
            var acceptance = new double[options.Chains];
            bool nonFinite = false;
            for (int c = 0; c < options.Chains; c++)
            {
                ParameterVectors.Restore(parameters, star);
                var generator = new torch.Generator(options.Seed + (ulong)c * 7919, device);
                var losses = new List<double>();
                var distances = new List<double>();
                var accept = new List<double>();
                Tensor[]? prevGradU = null, prevNoise = null;
                double prevU = 0;
                for (int t = 0; t < steps; t++)
                {
                    using var scope = torch.NewDisposeScope();
                    var loss = batchLoss(c, t);
                    double l = loss.to(float64).item<double>();
                    if (!double.IsFinite(l)) { nonFinite = true; break; }
                    var grads = torch.autograd.grad([loss], [.. parameters]);
                    var gradU = new Tensor[parameters.Count];
                    var noise = new Tensor[parameters.Count];
                    Tensor dist2 = torch.zeros([], dtype: float64, device: device);
                    Tensor sumSq = torch.zeros([], dtype: float64, device: device), sumXi = torch.zeros([], dtype: float64, device: device);
                    using (torch.no_grad())
                    {
                        for (int i = 0; i < parameters.Count; i++)
                        {
                            var p = parameters[i];
                            var offset = p - star[i];
                            dist2 = dist2 + offset.square().sum(ScalarType.Float64);
                            gradU[i] = grads[i] * nBeta + offset * gamma;
                            noise[i] = torch.randn(p.shape, dtype: p.dtype, device: device, generator: generator);
                            if (prevGradU is not null && prevNoise is not null)
                            {
                                var sum = prevGradU[i] + gradU[i];
                                sumSq = sumSq + sum.square().sum(ScalarType.Float64);
                                sumXi = sumXi + (sum * prevNoise[i]).sum(ScalarType.Float64);
                            }
                        }
                    }
                    double d2 = dist2.item<double>();
                    double u = nBeta * l + 0.5 * gamma * d2;
                    losses.Add(l);
                    distances.Add(Math.Sqrt(d2));
                    if (prevGradU is not null)
                    {
                        // With w_{t+1} - w_t = -(eps/2) grad U_t + sqrt(eps) xi_t and S = grad U_t + grad U_{t+1}:
                        // (||w_t - w_{t+1} + (eps/2) grad U_{t+1}||^2 - ||sqrt(eps) xi_t||^2) / (2 eps)
                        //   = (eps/8) ||S||^2 - (sqrt(eps)/2) S . xi_t      (no cancellation of large terms)
                        double logAlpha = prevU - u - (eps / 8 * sumSq.item<double>() - Math.Sqrt(eps) / 2 * sumXi.item<double>());
                        accept.Add(double.IsNaN(logAlpha) ? 0 : Math.Exp(Math.Min(0, logAlpha)));
                    }
                    using (torch.no_grad())
                    {
                        for (int i = 0; i < parameters.Count; i++)
                        {
                            var p = parameters[i];
                            p.add_(gradU[i], alpha: -0.5 * eps);
                            p.add_(noise[i], alpha: Math.Sqrt(eps));
                            if (options.BoundingBox is double box)
                                p.copy_(torch.minimum(torch.maximum(p, star[i] - box), star[i] + box));
                        }
                    }
                    // Keep only this step's grad U and noise alive (outside every scope) for the next step's MALA term.
                    Dispose(prevGradU);
                    Dispose(prevNoise);
                    prevGradU = [.. gradU.Select(g => g.DetachFromDisposeScope())];
                    prevNoise = [.. noise.Select(z => z.DetachFromDisposeScope())];
                    prevU = u;
                }
                Dispose(prevGradU);
                Dispose(prevNoise);
                lossTraces[c] = [.. losses];
                distanceTraces[c] = [.. distances];
                acceptance[c] = accept.Count > 0 ? accept.Average() : double.NaN;
                var draws = losses.Skip(options.BurnIn).ToArray();
                perChain[c] = losses.Count == steps && draws.Length > 0 ? nBeta * (draws.Average() - initLoss) : double.NaN;
                if (!double.IsFinite(perChain[c])) nonFinite = true;
            }
            var finite = perChain.Where(double.IsFinite).ToArray();
            double mean = finite.Length > 0 ? finite.Average() : double.NaN;
            double std = finite.Length > 1 ? Math.Sqrt(finite.Sum(x => (x - mean) * (x - mean)) / (finite.Length - 1)) : double.NaN;
            return new LlcResult(mean, std, perChain, initLoss, options, nBeta, lossTraces, distanceTraces, acceptance,
                Negative: mean < 0, NonFinite: nonFinite || !double.IsFinite(mean));
        }
        finally
        {
            ParameterVectors.Restore(parameters, star);
            foreach (var s in star) s.Dispose();
        }
    }

    private static void Dispose(Tensor[]? tensors)
    {
        if (tensors is null) return;
        foreach (var t in tensors) t.Dispose();
    }

    /// <summary>LLC of a GPT on training batches drawn from <see cref="LlcOptions.Seed"/> (never the run's own stream).</summary>
    public static LlcResult Estimate(Gpt model, LlcOptions options)
    {
        var device = model.parameters().First().device;
        var parameters = model.parameters().ToArray();
        Tensor BatchLoss(int chain, int step)
        {
            var examples = ExampleSets.TrainingBatch(options.Seed, (chain + 1) * 1_000_000L + step, options.BatchSize);
            var batch = TokenBatch.Encode(examples, device);
            return AnswerLoss.Compute(model.forward(batch.Inputs), batch);
        }
        return Estimate(parameters, BatchLoss, options);
    }

    public static IReadOnlyList<MetricRow> Rows(long step, LlcResult r)
    {
        MetricRow Row(string name, double value, int level = 0) => new(step, name, "", level, MetricRow.NoLayer, value);
        var rows = new List<MetricRow>
        {
            Row("llc", r.Mean), Row("llc_std", r.Std), Row("llc_init_loss", r.InitLoss),
            Row("llc_negative", r.Negative ? 1 : 0), Row("llc_nonfinite", r.NonFinite ? 1 : 0),
            Row("llc_nbeta", r.NBeta), Row("llc_epsilon", r.Options.Epsilon), Row("llc_gamma", r.Options.Gamma),
            Row("llc_chains", r.Options.Chains), Row("llc_draws", r.Options.Draws), Row("llc_burnin", r.Options.BurnIn),
            Row("llc_batch_size", r.Options.BatchSize),
            Row("llc_mala_acceptance", r.MalaAcceptance.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average()),
        };
        for (int c = 0; c < r.PerChain.Length; c++)
        {
            rows.Add(Row("llc_chain", r.PerChain[c], c + 1));
            rows.Add(Row("llc_chain_mala_acceptance", r.MalaAcceptance[c], c + 1));
            rows.Add(Row("llc_chain_final_distance", r.DistanceTraces[c].DefaultIfEmpty(double.NaN).Last(), c + 1));
            rows.Add(Row("llc_chain_draw_loss", r.LossTraces[c].Skip(r.Options.BurnIn).DefaultIfEmpty(double.NaN).Average(), c + 1));
        }
        return rows;
    }
}
