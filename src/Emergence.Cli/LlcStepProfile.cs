using System.Diagnostics;
using Emergence.Measures;
using Emergence.Models;
using Emergence.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Cli;

/// <summary>
/// Where an SGLD step's time goes, with the chains one after another and stepped together, timed
/// alternately over several rounds (the table shows medians over rounds, in ms per chain step):
/// batch generation, encoding, the loss's forward and backward pass (timed inside the loss), and the
/// rest of the step (noise, grad U, statistics, update), which is the step's time minus those parts;
/// and, apart, the time of the noise draw alone.
/// </summary>
internal static class LlcStepProfile
{
    private static readonly string[] Parts = ["batch generation", "encoding", "forward", "backward", "SGLD vector work", "step", "noise draw alone (randn of P)"];

    public static void Report(Gpt gpt, LlcOptions paper, int rounds = 5, int steps = 20)
    {
        var options = paper with { Draws = steps, BurnIn = 0 };
        var sequential = new List<double[]>();
        var together = new List<double[]>();
        Console.WriteLine($"LLC step profile: {options.Chains} chains x {steps} steps per round, {rounds} rounds alternating, load average {LoadAverage()}");
        for (int r = 0; r < rounds; r++)
            foreach (bool joint in r % 2 == 0 ? new[] { false, true } : [true, false])
                (joint ? together : sequential).Add(Round(gpt, options, joint));
        Console.WriteLine($"load average after: {LoadAverage()}");
        Console.WriteLine("| part | one after another (ms per chain step) | together (ms per chain step) |");
        Console.WriteLine("|---|---|---|");
        for (int i = 0; i < Parts.Length; i++)
            Console.WriteLine($"| {Parts[i]} | {Median(sequential, i):F1} | {Median(together, i):F1} |");
        Console.WriteLine($"steps together / one after another: {Median(together, Parts.Length - 2) / Median(sequential, Parts.Length - 2):F2}");
    }

    /// <summary>One round: per part, ms per chain step.</summary>
    private static double[] Round(Gpt gpt, LlcOptions options, bool joint)
    {
        var totals = new double[Parts.Length];
        var clock = new Stopwatch();
        T Timed<T>(int part, Func<T> f)
        {
            clock.Restart();
            var value = f();
            totals[part] += clock.Elapsed.TotalMilliseconds;
            return value;
        }
        TaskExample[] Examples(long index) => ExampleSets.TrainingBatch(options.Seed, index, options.BatchSize);
        Tensor Backward(Tensor value, Tensor leaf) => torch.autograd.grad([value], [leaf])[0];
        var loss = new GptFlatLoss(gpt);
        var chainsLoss = new GptChainsFlatLoss(gpt);
        (double, Tensor?) FlatLoss(Tensor w, long index, bool _)
        {
            var examples = Timed(0, () => Examples(index));
            var batch = Timed(1, () => TrimmedTokenBatch.Encode(examples, torch.CPU));
            var leaf = w.detach().requires_grad_();
            var value = Timed(2, () => loss.Loss(leaf, batch));
            var gradient = Timed(3, () => Backward(value, leaf));
            return (value.item<float>(), gradient);
        }
        (double[], Tensor?) ChainsLoss(Tensor w, long[] indices, bool _)
        {
            var examples = Timed(0, () => indices.Select(i => (IReadOnlyList<TaskExample>)Examples(i)).ToArray());
            var batch = Timed(1, () => ChainsTokenBatch.Encode(examples, torch.CPU));
            var leaf = w.detach().requires_grad_();
            var values = Timed(2, () => chainsLoss.Losses(leaf, batch));
            var gradient = Timed(3, () => Backward(values.sum(), leaf));
            return ([.. values.detach().data<float>().ToArray().Select(v => (double)v)], gradient);
        }
        using (torch.NewDisposeScope())
        {
            var star = GptFlatLoss.Flatten(gpt);
            var run = Stopwatch.StartNew();
            if (joint) LlcChains.Run(star, ChainsLoss, options);
            else for (int c = 0; c < options.Chains; c++) Llc.RunChain(star, FlatLoss, options, c);
            totals[^2] = run.Elapsed.TotalMilliseconds;
        }
        int step = Parts.Length - 2;
        totals[step - 1] = totals[step] - totals[..(step - 1)].Sum();
        using (torch.NewDisposeScope())
        {
            using var generator = new torch.Generator(options.Seed, torch.CPU);
            long size = gpt.Config.ParameterCount();
            clock.Restart();
            for (int i = 0; i < options.Chains * options.Steps; i++) torch.randn(size, generator: generator).Dispose();
            totals[^1] = clock.Elapsed.TotalMilliseconds;
        }
        return [.. totals.Select(x => x / (options.Chains * options.Steps))];
    }

    private static double Median(List<double[]> rounds, int part)
    {
        var sorted = rounds.Select(r => r[part]).Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>The 1, 5 and 15 minute load averages (Linux), or "unknown".</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
