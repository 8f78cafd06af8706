using System.Diagnostics;
using Emergence.Measures;
using Emergence.Models;
using Emergence.Tasks;
using Emergence.Training;
using TorchSharp;
using static Emergence.Cli.Stopwatches;

namespace Emergence.Cli;

/// <summary>The LLC part of <c>emergence bench measures</c>: time, steps/s and diagnostics per estimate, and the cost of one SGLD step.</summary>
public static class LlcBench
{
    public static void Report(Gpt gpt, LlcOptions paper)
    {
        LlcStepProfile.Report(gpt, paper);
        Console.WriteLine($"LLC estimates, load average before: {LlcStepProfile.LoadAverage()}");
        Console.WriteLine("| LLC estimate | seconds | SGLD steps/s | llc | llc_std | llc_se | acceptance (draws / all steps) |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        string chains = $"{paper.Preset}: {paper.Chains} chains x {paper.Steps} steps";
        foreach (var (label, options, together) in new[] { ($"{chains}, together", paper, true), ($"{chains}, one after another", paper, false), ($"1 chain x {paper.Steps} steps", paper with { Chains = 1 }, false) })
        {
            var clock = Stopwatch.StartNew();
            var r = LlcMeasure.Estimate(gpt, options, together);
            double seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"| {label} | {seconds:F1} | {options.Chains * options.Steps / seconds:F0} | {r.Mean:G3} | {r.Std:G3} | {r.StandardError:G3} | " +
                              $"{r.AcceptanceDraws:F3} / {r.Acceptance:F3} |");
        }

        // One SGLD step against the forward and backward pass inside it (trimmed, and on the padded batch as in training).
        const int steps = 20;
        var one = paper with { Chains = 1, Draws = steps, BurnIn = 0, InitLossBatches = 1 };
        double sgldStep = Time(() => LlcMeasure.Estimate(gpt, one)) / steps;
        var loss = new GptFlatLoss(gpt);
        double trimmed = 0, padded = 0, realTokens = 0, paddedTokens = 0, scored = 0;
        using (torch.NewDisposeScope())
        {
            var w = GptFlatLoss.Flatten(gpt).requires_grad_();
            for (int i = 0; i < steps; i++)
            {
                using var s = torch.NewDisposeScope();
                var examples = ExampleSets.TrainingBatch(one.Seed, i, one.BatchSize);
                var batch = TokenBatch.Encode(examples, torch.CPU);
                var trim = TrimmedTokenBatch.Encode(examples, torch.CPU);
                (realTokens, paddedTokens, scored) = (realTokens + trim.RealIndex.shape[0], paddedTokens + trim.Count * trim.Length, scored + trim.ScoredIndex.shape[0]);
                trimmed += Time(() => torch.autograd.grad([loss.Loss(w, trim)], [w]));
                padded += Time(() => torch.autograd.grad([AnswerLoss.Compute(gpt.forward(batch.Inputs), batch)], [.. gpt.parameters()]));
            }
        }
        Console.WriteLine($"LLC: {sgldStep * 1000:F0} ms per SGLD step; forward+backward on {one.BatchSize} examples {trimmed / steps * 1000:F0} ms " +
                          $"trimmed to the real tokens ({realTokens / paddedTokens:P0} of the padded positions; scored {scored / realTokens:P0} of the real) " +
                          $"against {padded / steps * 1000:F0} ms on the padded batch");
        double peak = TrainingBenchmark.MatmulPeak(torch.CPU);
        double flops = 3 * gpt.Config.ForwardFlopsPerToken((int)(paddedTokens / steps / one.BatchSize)) * paddedTokens / steps;
        Console.WriteLine($"LLC: padded forward+backward {flops / 1e9:F2} GFLOP per step; at this machine's matmul peak {peak / 1e9:F0} GFLOP/s that is " +
                          $"{flops / peak * 1000:F0} ms, so {paper.Steps} steps need >= {flops / peak * paper.Steps:F1} s padded, " +
                          $"~{flops / peak * paper.Steps * realTokens / paddedTokens:F1} s on the real tokens");
    }
}
