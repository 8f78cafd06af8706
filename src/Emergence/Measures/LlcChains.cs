using TorchSharp;
using static TorchSharp.torch;
using Emergence.Models;

namespace Emergence.Measures;

/// <summary>
/// The SGLD chains of <see cref="Llc"/> (update, MALA acceptance and diagnostics as stated there),
/// advanced together: the C chains' points are the rows of one [C, P] tensor, and each step is one
/// loss-and-gradient computation for all of them. Chain c keeps its own batch stream
/// (<see cref="Llc.ChainBatch"/>) and its own noise generator (seed Seed + c x
/// <see cref="Llc.ChainSeedStride"/>), so every chain follows the trajectory it follows alone
/// (<see cref="Llc.RunChain"/> is this with one row), up to float32 rounding (tested). A chain whose
/// loss is not finite stops recording; the others go on.
/// </summary>
public static class LlcChains
{
    /// <summary>
    /// The losses at the C points <c>w</c> ([C, P], never modified), row c on batch <c>batches[c]</c>,
    /// with the [C, P] gradient of each row's loss with respect to its row when <c>withGradient</c>.
    /// </summary>
    public delegate (double[] Losses, Tensor? Gradient) ChainsLoss(Tensor w, long[] batches, bool withGradient);

    /// <summary>Estimates the LLC at <paramref name="star"/> (flat w*, never modified): L(w*) by <paramref name="loss"/>, the chains by <paramref name="chainsLoss"/>.</summary>
    public static LlcResult Estimate(Tensor star, Llc.FlatLoss loss, ChainsLoss chainsLoss, LlcOptions options)
    {
        options.Validate();
        var init = Llc.InitialLoss(star, loss, options.InitLossBatches);
        return LlcResult.From(Run(star, chainsLoss, options), init, options);
    }

    /// <summary>All <see cref="LlcOptions.Chains"/> SGLD chains from w*, stepped together.</summary>
    public static LlcChain[] Run(Tensor star, ChainsLoss loss, LlcOptions options) => Run(star, loss, options, [.. Enumerable.Range(0, options.Chains)]);

    /// <summary>
    /// The SGLD chains numbered <paramref name="numbers"/> (which name their batch streams and noise
    /// seeds) from w*, stepped together; row c of the loss's w is chain numbers[c].
    /// </summary>
    public static LlcChain[] Run(Tensor star, ChainsLoss loss, LlcOptions options, IReadOnlyList<int> numbers)
    {
        double nBeta = options.EffectiveNBeta, eps = options.Epsilon, gamma = options.Gamma;
        int chains = numbers.Count;
        var generators = numbers.Select(c => new torch.Generator(options.Seed + (ulong)c * Llc.ChainSeedStride, star.device)).ToArray();
        var (losses, distances, accept) = (Lists(chains), Lists(chains), Lists(chains));
        var running = Enumerable.Repeat(true, chains).ToArray();
        var prevU = new double[chains];
        Tensor w;
        using (torch.NewDisposeScope()) w = star.detach().unsqueeze(0).repeat(chains, 1).DetachFromDisposeScope();
        Tensor? prevGradU = null, prevNoise = null;
        try
        {
            for (int t = 0; t < options.Steps; t++)
            {
                using var scope = torch.NewDisposeScope();
                var (l, gradient) = loss(w, [.. numbers.Select(c => Llc.ChainBatch(c, t))], true);
                for (int c = 0; c < chains; c++) running[c] &= double.IsFinite(l[c]);
                if (gradient is null || !running.Any(r => r)) break;
                using var _ = torch.no_grad();
                var offset = w - star;
                using var nBetaScalar = nBeta.ToScalar();
                using var gammaScalar = gamma.ToScalar();
                var gradU = gamma == 0 ? gradient.mul(nBetaScalar) : gradient.mul(nBetaScalar).add_(offset, alpha: gammaScalar);
                var draws = generators.Select(g => torch.randn(star.shape, dtype: w.dtype, device: w.device, generator: g)).ToArray();
                var noise = chains == 1 ? draws[0].unsqueeze(0) : torch.stack(draws);
                var stats = new List<Tensor> { offset.Squared().sum(1, type: ScalarType.Float64) };
                if (prevGradU is not null && prevNoise is not null)
                {
                    var sum = prevGradU.Plus(gradU);
                    stats.Add(sum.Squared().sum(1, type: ScalarType.Float64));
                    stats.Add((sum * prevNoise).sum(1, type: ScalarType.Float64));
                }
                var s = torch.stack(stats).cpu().data<double>().ToArray();
                for (int c = 0; c < chains; c++)
                {
                    if (!running[c]) continue;
                    double u = nBeta * l[c] + 0.5 * gamma * s[c];
                    losses[c].Add(l[c]);
                    distances[c].Add(Math.Sqrt(s[c]));
                    if (stats.Count == 3) accept[c].Add(Llc.MalaAcceptance(prevU[c], u, eps, s[chains + c], s[2 * chains + c]));
                    prevU[c] = u;
                }
                using var driftStep = (-0.5 * eps).ToScalar();
                using var noiseScale = Math.Sqrt(eps).ToScalar();
                w.add_(gradU, alpha: driftStep).add_(noise, alpha: noiseScale);
                if (options.BoundingBox is double box)
                {
                    using var boxScalar = box.ToScalar();
                    w.copy_(torch.minimum(torch.maximum(w, star.sub(boxScalar)), star.Plus(boxScalar)));
                }
                // Keep only this step's grad U and noise alive (outside every scope) for the next step's MALA term.
                prevGradU?.Dispose();
                prevNoise?.Dispose();
                prevGradU = gradU.DetachFromDisposeScope();
                prevNoise = noise.DetachFromDisposeScope();
            }
        }
        finally
        {
            prevGradU?.Dispose();
            prevNoise?.Dispose();
            w.Dispose();
            foreach (var g in generators) g.Dispose();
        }
        return [.. Enumerable.Range(0, chains).Select(c => new LlcChain([.. losses[c]], [.. distances[c]], [.. accept[c]]))];
    }

    private static List<double>[] Lists(int chains) => [.. Enumerable.Range(0, chains).Select(_ => new List<double>())];
}
