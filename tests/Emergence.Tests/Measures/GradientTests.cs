using Emergence.Measures;
using Emergence.Models;
using Emergence.Tasks;
using Emergence.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Tests.Measures;

public class GradientTests
{
    private static (Gpt Model, TokenBatch Batch) Tiny(int examples = 12, int layers = 1)
    {
        torch.manual_seed(21);
        var model = new Gpt(new GptConfig("t", layers, 16, 2));
        var set = ExampleSets.Diagnostic(examples);
        // Mixed task-levels, so lengths (and padding) differ between examples.
        var mixed = set.SelectMany(s => s.Take(1)).Take(examples).ToArray();
        return (model, TokenBatch.Encode(mixed, torch.CPU));
    }

    [Fact]
    public void Tape_computes_the_models_logits()
    {
        using var scope = torch.NewDisposeScope();
        var (model, batch) = Tiny(layers: 2);
        using var m = model;
        var expected = model.forward(batch.Inputs);
        var tape = GptTape.Run(model, batch.Inputs);
        Assert.True((expected - tape.Logits).abs().max().item<float>() < 1e-5f);
    }

    [Fact]
    [Trait(Category.Name, Category.Slow)]
    public void Batched_per_example_gradients_equal_the_loop()
    {
        using var scope = torch.NewDisposeScope();
        var (model, batch) = Tiny(layers: 2);
        using var m = model;
        var looped = PerSampleGradients.Looped(model, batch);
        var blocks = PerSampleGradients.Batched(model, batch);
        var batched = torch.cat([.. blocks.Select(b => b.Block)], 1);
        Assert.Equal(looped.shape, batched.shape);
        Assert.Equal(model.parameters().Sum(p => p.numel()), batched.shape[1]);
        double scale = looped.abs().max().item<float>();
        double error = (looped - batched).abs().max().item<float>();
        Assert.True(error < 1e-5 * scale + 1e-7, $"max difference {error} (scale {scale})");
        // The per-example gradients sum to the gradient of the summed loss.
        var total = AnswerLoss.PerExample(model.forward(batch.Inputs), batch).sum();
        var grad = ParameterVectors.Flatten(torch.autograd.grad([total], [.. model.parameters()]), float32);
        double sumError = (grad - looped.sum(dim: 0)).abs().max().item<float>();
        Assert.True(sumError < 1e-4 * scale, $"sum differs by {sumError} (scale {scale})");
    }

    [Fact]
    public void Grams_split_a_block_at_the_prefix_boundary()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(22);
        // Blocks straddling the prefix boundary: the Grams equal the products of the explicit matrix and its prefix.
        var g = torch.randn(6, 50, dtype: float64);
        var grams = GradientSpectra.Grams([g.narrow(1, 0, 20), g.narrow(1, 20, 30)], prefix: 27);
        Assert.True(grams.Gram.allclose(g.matmul(g.t()), 1e-12, 1e-12));
        var p = g.narrow(1, 0, 27);
        Assert.True(grams.PrefixGram.allclose(p.matmul(p.t()), 1e-12, 1e-12));
    }

    [Fact]
    [Trait(Category.Name, Category.Slow)]
    public void Fisher_gram_eigenvalues_are_those_of_the_explicit_gradient_matrix()
    {
        using var scope = torch.NewDisposeScope();
        var (model, batch) = Tiny();
        using var m = model;
        var g = PerSampleGradients.Looped(model, batch).to(float64);
        var grams = GradientSpectra.Grams(PerSampleGradients.Batched(model, batch).Select(b => b.Block), prefix: 300);
        // Non-zero eigenvalues of G G^T = squared singular values of G = eigenvalues of G^T G.
        var fromG = Spectra.SingularValues(g).Select(s => s * s).ToArray();
        var fromGram = Spectra.SymmetricEigenvalues(grams.Gram);
        for (int i = 0; i < fromG.Length; i++) Assert.Equal(fromG[i], fromGram[i], 4 - (int)Math.Ceiling(Math.Log10(Math.Max(1, fromG[0]))));
        var (all, top) = GradientSpectra.FisherEffectiveRank(grams.Gram, top: 5);
        Assert.Equal(Spectra.EffectiveRank(fromG), all, 4);
        Assert.Equal(Spectra.EffectiveRank(fromG.Take(5)), top, 4);
        Assert.InRange(all, 1.0, batch.Count);
    }

    [Fact]
    [Trait(Category.Name, Category.Slow)]
    public void Gradient_covariance_rank_matches_the_explicit_covariance()
    {
        using var scope = torch.NewDisposeScope();
        var (model, batch) = Tiny();
        using var m = model;
        var g = PerSampleGradients.Looped(model, batch).to(float64);
        var grams = GradientSpectra.Grams([g], prefix: 300);
        // Prefix: the P x P covariance itself, eigen-decomposed.
        var prefix = g.narrow(1, 0, 300);
        var centredPrefix = prefix - prefix.mean([0], keepdim: true);
        var covariance = centredPrefix.t().matmul(centredPrefix) / (prefix.shape[0] - 1);
        var eig = Spectra.SymmetricEigenvalues(covariance).Take((int)prefix.shape[0]).ToArray();
        Assert.Equal(Spectra.EffectiveRank(eig), GradientSpectra.CovarianceEffectiveRank(grams.PrefixGram), 4);
        // All parameters: the covariance's eigenvalues as squared singular values of the centred G.
        var centred = g - g.mean([0], keepdim: true);
        var fromSvd = Spectra.SingularValues(centred).Select(s => s * s / (g.shape[0] - 1));
        Assert.Equal(Spectra.EffectiveRank(fromSvd), GradientSpectra.CovarianceEffectiveRank(grams.Gram), 4);
    }
}
