using Emergence.Measures;
using Emergence.Models;
using Emergence.Tasks;
using Emergence.Training;
using TorchSharp;
using static Emergence.Cli.Stopwatches;

namespace Emergence.Cli;

/// <summary>The Hessian part of <c>emergence bench measures</c>: the cost of one Hessian-vector
/// product against a forward and backward pass, and per part its products, residuals and time.</summary>
public static class HessianBench
{
    public static void Run(Gpt gpt, HessianOptions options)
    {
        var examples = ExampleSets.TrainingBatch(options.BatchSeed, 0, options.BatchSize);
        using (var scope = torch.NewDisposeScope())
        {
            var batch = TokenBatch.Encode(examples, torch.CPU);
            var parameters = gpt.parameters().ToArray();
            const int repeats = 5;
            double pass = Time(() =>
            {
                for (int i = 0; i < repeats; i++)
                {
                    using var s = torch.NewDisposeScope();
                    _ = torch.autograd.grad([AnswerLoss.Compute(gpt.forward(batch.Inputs), batch)], parameters);
                }
            }) / repeats;
            HessianVectorProduct? hvp = null;
            double graph = Time(() => hvp = new HessianVectorProduct(AnswerLoss.Compute(gpt.forward(batch.Inputs), batch), parameters));
            var v = torch.randn([hvp!.Dimension], dtype: hvp.DType);
            double product = Time(() =>
            {
                for (int i = 0; i < repeats; i++)
                {
                    using var s = torch.NewDisposeScope();
                    _ = hvp.Apply(v);
                }
            }) / repeats;
            Console.WriteLine($"Hessian-vector product on {options.BatchSize} examples: {product * 1000:F0} ms " +
                              $"(forward+backward {pass * 1000:F0} ms, ratio {product / pass:F1}; first-order graph with create_graph {graph * 1000:F0} ms, once)");
        }

        HessianResult? r = null;
        double total = Time(() => r = HessianMeasure.Compute(gpt, options));
        var l = r!.Lanczos;
        Console.WriteLine($"Hessian total {total:F1} s: Lanczos {l.Iterations} products (budget {options.MaxLanczosIterations}), " +
                          $"top-{l.Eigenvalues.Length} {(l.AllConverged ? "converged" : "NOT converged")} at tolerance {options.LanczosTolerance:G} x {l.Scale:G4}, " +
                          $"largest residual {l.Residuals.Max():G3}; lambda_1 {l.Eigenvalues[0]:G6}, lambda_{l.Eigenvalues.Length} {l.Eigenvalues[^1]:G6}, " +
                          $"lambda_min {l.Smallest:G6} (residual {l.SmallestResidual:G3})");
        if (r.Trace is { } t)
            Console.WriteLine($"  trace {t.Trace:G6} +- {t.StandardError:G3} ({Math.Abs(t.StandardError / t.Trace):P1}, target {options.TraceRelativeError:P0} " +
                              $"{(t.TargetMet ? "met" : "NOT met")}) from {t.Probes} probes (budget {options.MaxTraceProbes}) + the Lanczos basis ({t.KrylovPart:G6})");
        if (r.Power is { } p)
            Console.WriteLine($"  power check {p.Eigenvalue:G6} (residual {p.Residual:G3}) after {p.Iterations} products (budget {options.PowerIterations}), " +
                              $"{(p.Converged ? "converged" : "NOT converged")}, {(p.Mismatch ? "MISMATCH with" : "consistent with")} Lanczos");
    }
}
