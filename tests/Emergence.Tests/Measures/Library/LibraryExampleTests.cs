using Emergence.Measures;
using Emergence.Measures.Library;
using Emergence.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Tests.Measures.Library;

/// <summary>The worked example of docs/library.md runs, gives sensible numbers, and is the code the doc shows.</summary>
public class LibraryExampleTests
{
    private const string Begin = "// docs/library.md example: begin";
    private const string End = "// docs/library.md example: end";

    private static (RankMeValues, GradientSpectraResult, LlcResult, HessianResult) Example()
    {
        // docs/library.md example: begin
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(0);

        // Synthetic data: 256 points in R^4, class = how many of the first two coordinates are positive.
        var x = torch.randn(256, 4);
        var y = x[.., 0].gt(0).to(int64) + x[.., 1].gt(0).to(int64);
        var batches = Enumerable.Range(0, 4).Select(i => (X: x.narrow(0, 64 * i, 64), Y: y.narrow(0, 64 * i, 64))).ToArray();

        // A small MLP classifier: the hidden layer is the output of `body`.
        var body = nn.Sequential(nn.Linear(4, 16), nn.Tanh());
        var model = nn.Sequential(body, nn.Linear(16, 3));
        var optimizer = torch.optim.Adam(model.parameters(), lr: 0.05);
        for (int step = 0; step < 200; step++)
        {
            using var stepScope = torch.NewDisposeScope();
            var (bx, by) = batches[step % batches.Length];
            optimizer.zero_grad();
            nn.functional.cross_entropy(model.forward(bx), by).backward();
            optimizer.step();
        }

        // The measures: the model, the loss of every example of a batch (shape [N]), the batches.
        var measures = ModelMeasures.For(model,
            ((Tensor X, Tensor Y) b) => nn.functional.cross_entropy(model.forward(b.X), b.Y, reduction: nn.Reduction.None),
            BatchSource.Cycle(batches));

        RankMeValues rankMe = ModelMeasures.RankMe(body, x);                   // RankMe of the hidden layer on all 256 points
        GradientSpectraResult gradients = measures.GradientSpectra(batch: 0);  // Fisher and gradient-covariance ranks of batch 0
        LlcResult llc = measures.Llc(new LlcOptions
        {
            Epsilon = 1e-4, Gamma = 100, NBeta = null, BatchSize = 64, Chains = 4, Draws = 200, BurnIn = 50, Seed = 1,
        });
        HessianResult hessian = measures.Hessian(new HessianOptions { TopK = 5 });   // on batch 0

        Console.WriteLine($"RankMe {rankMe.RankMe:F2}, Fisher erank {gradients.FisherErank:F2}, gradcov erank {gradients.GradcovErank:F2}");
        Console.WriteLine($"LLC {llc.Mean:F2} +- {llc.StandardError:F2} (chains {string.Join(", ", llc.PerChain.Select(c => c.ToString("F2")))}; " +
                          $"MALA acceptance {llc.AcceptanceDraws:F2}; flags: negative {llc.Negative}, low acceptance {llc.LowAcceptance})");
        Console.WriteLine($"Hessian top-5 {string.Join(", ", hessian.TopEigenvalues.Select(e => e.ToString("G4")))}; " +
                          $"residuals {string.Join(", ", hessian.Lanczos.Residuals.Select(r => r.ToString("G2")))}; " +
                          $"all converged {hessian.Lanczos.AllConverged}; trace {hessian.Trace!.Trace:G4} +- {hessian.Trace.StandardError:G2}");
        // docs/library.md example: end
        return (rankMe, gradients, llc, hessian);
    }

    [Fact]
    public void The_worked_example_runs_and_its_numbers_are_sensible()
    {
        var (rankMe, gradients, llc, hessian) = Example();
        Assert.InRange(rankMe.RankMe, 1.5, 16);
        Assert.Equal(64, gradients.Examples);
        Assert.Equal(4 * 16 + 16 + 16 * 3 + 3, gradients.Parameters);
        Assert.Equal(64, gradients.FisherEigenvalues.Length);
        Assert.InRange(gradients.FisherErank, 1, 64);
        Assert.InRange(gradients.GradcovErank, 1, 63);
        Assert.Equal(4, llc.PerChain.Length);
        Assert.True(double.IsFinite(llc.Mean) && llc.StandardError > 0, $"{llc.Mean} +- {llc.StandardError}");
        Assert.Equal(5, hessian.TopEigenvalues.Length);
        Assert.True(hessian.TopEigenvalues.Zip(hessian.TopEigenvalues.Skip(1)).All(p => p.First >= p.Second));
        Assert.True(hessian.Lanczos.AllConverged);
        Assert.True(hessian.TopEigenvalues[0] > 0);
    }

    [Fact]
    public void The_doc_shows_exactly_the_tested_code()
    {
        var source = File.ReadAllLines(RepositoryFiles.PathOf("tests", "Emergence.Tests", "Measures", "Library", "LibraryExampleTests.cs"));
        int from = Array.FindIndex(source, l => l.Trim() == Begin), to = Array.FindIndex(source, l => l.Trim() == End);
        var tested = Dedent(source[(from + 1)..to]);
        var doc = File.ReadAllText(RepositoryFiles.PathOf("docs", "library.md")).ReplaceLineEndings("\n");
        int start = doc.IndexOf("```csharp\n", StringComparison.Ordinal) + "```csharp\n".Length;
        int stop = doc.IndexOf("```", start, StringComparison.Ordinal);
        var shown = doc[start..stop].TrimEnd('\n').Split('\n');
        int body = Array.FindIndex(shown, l => l.StartsWith("using var scope", StringComparison.Ordinal));
        Assert.True(body > 0, "the doc's example starts with its using directives, then `using var scope`");
        Assert.Equal(string.Join("\n", tested), string.Join("\n", shown[body..]));
    }

    private static string[] Dedent(string[] lines)
    {
        int indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return [.. lines.Select(l => l.Length >= indent ? l[indent..] : l.Trim())];
    }
}
