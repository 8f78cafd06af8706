using Emergence.Measures;
using Emergence.Measures.Library;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Tests.Measures.Library;

/// <summary>The Hessian top-k of models that are not the GPT, against the exact Hessian.</summary>
public class ModelHessianTests
{
    private static readonly HessianOptions Tight = new() { TopK = 5, LanczosTolerance = 1e-9, MaxTraceProbes = 400, PowerIterations = 500, PowerTolerance = 1e-6 };

    private static void AssertMatchesExact(nn.Module<Tensor, Tensor> model, (Tensor X, Tensor Y) batch)
    {
        var measures = ModelMeasures.For(model, b => SmallModels.CrossEntropy(model, b), BatchSource.Cycle([batch]));
        var before = ParameterVectors.Flatten(measures.Parameters.Select(p => p.detach()), float64);
        var result = measures.Hessian(Tight);

        var exact = SmallModels.Eigenvalues(SmallModels.ExactHessian(SmallModels.CrossEntropy(model, batch).mean(), measures.Parameters));
        Assert.Equal(measures.ParameterCount, exact.Length);
        Assert.True(result.Lanczos.AllConverged, string.Join(", ", result.Lanczos.Residuals));
        for (int i = 0; i < Tight.TopK; i++)
        {
            Assert.Equal(exact[i], result.TopEigenvalues[i], 7);
            Assert.True(result.Lanczos.Residuals[i] <= Tight.LanczosTolerance * result.Lanczos.Scale);
        }
        Assert.Equal(exact[^1], result.Lanczos.Smallest, 6);
        var t = result.Trace!;
        Assert.InRange(exact.Sum(), t.Trace - 4 * t.StandardError, t.Trace + 4 * t.StandardError);
        Assert.False(result.Power!.Mismatch);
        Assert.True(model.training, "the module's training mode is put back");
        var after = ParameterVectors.Flatten(measures.Parameters.Select(p => p.detach()), float64);
        Assert.True(after.eq(before).all().item<bool>(), "the weights are unchanged");
    }

    [Fact]
    public void MLP_classifier_top_k_matches_the_exact_hessian()
    {
        using var scope = torch.NewDisposeScope();
        using var model = SmallModels.Mlp(3);
        AssertMatchesExact(model, SmallModels.Classification([64, 4], 4));
    }

    [Fact]
    public void Convolutional_net_top_k_matches_the_exact_hessian()
    {
        using var scope = torch.NewDisposeScope();
        using var model = SmallModels.ConvNet(5);
        AssertMatchesExact(model, SmallModels.Classification([32, 1, 6, 6], 6));
    }

    [Fact]
    public void A_loss_closure_that_is_not_per_example_is_refused_with_its_shape()
    {
        using var scope = torch.NewDisposeScope();
        using var model = SmallModels.Mlp(3);
        var batch = SmallModels.Classification([8, 4], 4);
        var measures = ModelMeasures.For(model, b => SmallModels.CrossEntropy(model, b).mean(), BatchSource.Cycle([batch]));
        var error = Assert.Throws<ArgumentException>(() => measures.Hessian(Tight));
        Assert.Equal("the loss closure must return one loss per example, shape [N] with N >= 1 (got shape [])", error.Message);
    }
}
