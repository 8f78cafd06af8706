using Emergence.Measures;
using Emergence.Pythia;
using Emergence.Pythia.Global;
using Emergence.Tests.Support;
using static TorchSharp.torch;

namespace Emergence.Tests.Pythia;

/// <summary>The Hessian of the tiny GPT-NeoX's probe-batch loss: Lanczos against the exact Hessian of one layer.</summary>
public sealed class GlobalCurvatureTests
{
    private static ProbeBatch Batch(int size = 2, int maxTokens = 10) =>
        ProbeBatch.From(ProbeSet.Load("general"), PythiaTokenizer.Load(Path.Combine(TinyNeoX.Folder, "tokenizer.json")), size, maxTokens);

    /// <summary>The exact Hessian column by column, H e_i by double backward, symmetrised.</summary>
    private static Tensor ExactHessian(HessianVectorProduct hvp)
    {
        int n = (int)hvp.Dimension;
        var h = zeros(n, n, dtype: ScalarType.Float64);
        for (int i = 0; i < n; i++)
        {
            using var scope = NewDisposeScope();
            var e = zeros(n, dtype: ScalarType.Float64);
            e[i] = 1.0;
            h[TensorIndex.Colon, i] = hvp.Apply(e);
        }
        return h;
    }

    [Fact]
    public void Lanczos_top_twenty_of_one_layers_LayerNorms_match_the_exact_Hessian_of_the_tiny_model() =>
        TopTwentyMatchExact(l => [l.Ln1Weight, l.Ln1Bias, l.Ln2Weight, l.Ln2Bias], batchSize: 2, maxTokens: 6); // 128 parameters

    [Fact]
    [Trait(Category.Name, Category.Slow)]
    public void Lanczos_top_twenty_of_one_layers_attention_output_match_the_exact_Hessian_of_the_tiny_model() =>
        TopTwentyMatchExact(l => [l.DenseWeight, l.DenseBias!], batchSize: 2, maxTokens: 10); // 1,056 parameters

    /// <summary>Block 2's chosen parameters in float64; the rest of the model fixed.</summary>
    private static void TopTwentyMatchExact(Func<NeoXLayerWeights, Tensor[]> choose, int batchSize, int maxTokens)
    {
        using var scope = NewDisposeScope();
        using var weights = NeoXWeights.Load(new ModelFolder(TinyNeoX.Folder), ScalarType.Float64);
        var model = new NeoXModel(weights);
        var batch = Batch(batchSize, maxTokens);
        var parameters = choose(weights.Layers[1]);
        var gradients = NeoXParameters.RequireGradients(parameters);
        var h = ExactHessian(new HessianVectorProduct(batch.Loss(model), parameters));
        double asymmetry = (h - h.t()).abs().max().item<double>();
        Assert.True(asymmetry <= 1e-10 * h.abs().max().item<double>(), $"asymmetry {asymmetry}");
        var exact = Spectra.SymmetricEigenvalues(h);

        var options = new HessianOptions { PowerIterations = 0, MaxTraceProbes = 0, BatchSize = batchSize };
        var result = Hessian.Compute(() => batch.Loss(model), parameters, options);
        var l = result.Lanczos;
        Assert.True(l.AllConverged, $"not converged in {l.Iterations} iterations");
        double bound = options.LanczosTolerance * l.Scale;
        for (int k = 0; k < 20; k++)
        {
            Assert.True(l.Residuals[k] <= bound, $"k = {k + 1}: residual {l.Residuals[k]} > {bound}");
            Assert.True(Math.Abs(l.Eigenvalues[k] - exact[k]) <= bound, $"k = {k + 1}: {l.Eigenvalues[k]} vs exact {exact[k]}");
        }
        Assert.Equal(batch.Loss(model).item<double>(), result.Loss, 1e-12);
        gradients.Dispose();
        Assert.All(parameters, p => Assert.False(p.requires_grad));
    }

    [Fact]
    public void Live_tensor_count_stays_flat_over_repeated_global_measures()
    {
        using var weights = NeoXWeights.Load(new ModelFolder(TinyNeoX.Folder));
        var model = new NeoXModel(weights);
        var batch = Batch(2, 4);
        var options = new PythiaGlobalOptions
        {
            Measures = PythiaGlobalOptions.ParseMeasures("all"), CurvatureLayers = "1", SlqStarts = 1, SlqSteps = 3,
            Hessian = new HessianOptions { TopK = 1, MaxLanczosIterations = 3, PowerIterations = 0, MaxTraceProbes = 0 },
        };
        void Once()
        {
            GlobalMeasures.Measure(0, model, batch, options);
            ParameterStatistics.Measure(1, weights, weights, 0);
        }
        Once();
        long live = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int i = 0; i < 2; i++) Once();
        Assert.Equal(live, TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        Assert.All(NeoXParameters.All(weights), p => Assert.False(p.Tensor.requires_grad));
    }

    [Fact]
    public void Layer_groups_select_the_embedding_the_blocks_and_the_head()
    {
        using var weights = NeoXWeights.Load(new ModelFolder(TinyNeoX.Folder));
        var all = NeoXParameters.All(weights);
        Assert.Equal(28, all.Count);
        Assert.Equal(weights.Config.ParameterCount, all.Sum(p => p.Tensor.numel()));
        Assert.Equal(12_704, NeoXParameters.Select(weights, NeoXParameters.ParseGroups("1", 2)).Sum(t => t.numel()));
        Assert.Equal(50_304 * 32 + 64, NeoXParameters.Select(weights, NeoXParameters.ParseGroups("3", 2)).Sum(t => t.numel()));
        Assert.Null(NeoXParameters.ParseGroups("all", 2));
        var bad = Assert.Throws<ArgumentException>(() => NeoXParameters.ParseGroups("1,4", 2));
        Assert.Contains("'4'", bad.Message);
        Assert.Contains("3 = final LayerNorm", bad.Message);
    }

    [Fact]
    public void Gradient_covariance_rank_is_that_of_the_per_sequence_gradients()
    {
        using var scope = NewDisposeScope();
        using var weights = NeoXWeights.Load(new ModelFolder(TinyNeoX.Folder), ScalarType.Float64);
        var model = new NeoXModel(weights);
        var batch = Batch(size: 4);
        var parameters = NeoXParameters.Select(weights, NeoXParameters.ParseGroups("2", 2));
        using var gradients = NeoXParameters.RequireGradients(parameters);
        var gram = GlobalMeasures.SequenceGradientGram(model, batch, parameters);
        // Independent: each g_s from its own backward, the covariance of the rows, its eigenvalues.
        var g = stack(Enumerable.Range(0, 4).Select(s =>
        {
            var grads = autograd.grad([batch.SequenceLoss(model, s)], [.. parameters]);
            return cat([.. grads.Select(x => x.reshape(-1))]);
        }).ToArray());
        var centred = g - g.mean([0], keepdim: true);
        var covarianceEig = Spectra.SymmetricEigenvalues(centred.matmul(centred.t()) / 3);
        Assert.Equal(Spectra.EffectiveRank(covarianceEig), GradientSpectra.CovarianceEffectiveRank(gram), 1e-9);
        Assert.InRange(GradientSpectra.CovarianceEffectiveRank(gram), 1.0, 3.0); // N - 1 = 3 non-zero eigenvalues at most
    }
}
