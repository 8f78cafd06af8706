using Emergence.Measures;
using Emergence.Measures.Library;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Tests.Measures.Library;

/// <summary>Every library measure releases what it makes: the live-tensor count stays flat.</summary>
public class ModelMeasuresLeakTests
{
    [Fact]
    public void Live_tensor_count_stays_flat_over_repeated_measures()
    {
        using var scope = torch.NewDisposeScope();
        using var model = SmallModels.Mlp(2);
        var body = ((nn.Module<Tensor, Tensor>)model.children().First());
        var batches = new[] { SmallModels.Classification([8, 4], 1), SmallModels.Classification([8, 4], 2) };
        var measures = ModelMeasures.For(model, b => SmallModels.CrossEntropy(model, b), BatchSource.Cycle(batches));
        var hessian = new HessianOptions { TopK = 2, MaxLanczosIterations = 10, MaxTraceProbes = 10, PowerIterations = 5 };
        var llc = new LlcOptions { Chains = 2, Draws = 5, BurnIn = 1, BatchSize = 8, Epsilon = 1e-4, Gamma = 100 };
        void MeasureAll()
        {
            measures.Hessian(hessian, batch: 1);
            measures.GradientSpectra();
            measures.Llc(llc);
            ModelMeasures.RankMe(body, batches[0].X);
        }
        MeasureAll();
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int i = 0; i < 2; i++) MeasureAll();
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
