using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Tests.Measures.Library;

/// <summary>Models that are not the project's GPT, in float64, and exact references built without the library.</summary>
public static class SmallModels
{
    /// <summary>A 4 -> 8 -> 3 tanh classifier (67 parameters).</summary>
    public static nn.Module<Tensor, Tensor> Mlp(int seed)
    {
        torch.manual_seed(seed);
        return nn.Sequential(("fc1", nn.Linear(4, 8)), ("act", nn.Tanh()), ("fc2", nn.Linear(8, 3))).to(float64);
    }

    /// <summary>Conv2d(1 -> 2, 3 x 3) on 6 x 6 images, tanh, flatten, Linear(32 -> 3) (119 parameters).</summary>
    public static nn.Module<Tensor, Tensor> ConvNet(int seed)
    {
        torch.manual_seed(seed);
        return nn.Sequential(("conv", nn.Conv2d(1, 2, 3)), ("act", nn.Tanh()), ("flat", nn.Flatten()), ("fc", nn.Linear(32, 3))).to(float64);
    }

    /// <summary>Inputs of the given shape and class labels 0..2 that depend on the inputs.</summary>
    public static (Tensor X, Tensor Y) Classification(long[] inputShape, int seed)
    {
        torch.manual_seed(seed);
        var x = torch.randn(inputShape, dtype: float64);
        var y = x.reshape(inputShape[0], -1).sum(1).gt(0).to(int64) + x.reshape(inputShape[0], -1)[TensorIndex.Colon, 0].gt(1).to(int64);
        return (x, y);
    }

    /// <summary>Per-example cross-entropy of a classifier, shape [N].</summary>
    public static Tensor CrossEntropy(nn.Module<Tensor, Tensor> model, (Tensor X, Tensor Y) batch) =>
        nn.functional.cross_entropy(model.forward(batch.X), batch.Y, reduction: nn.Reduction.None);

    /// <summary>
    /// The exact Hessian of a scalar loss, row by row: row i = grad_w of the i-th entry of grad_w L
    /// (double backward, independent of the library's Hessian-vector products).
    /// </summary>
    public static Tensor ExactHessian(Tensor loss, IReadOnlyList<Tensor> parameters)
    {
        var first = torch.autograd.grad([loss], [.. parameters], retain_graph: true, create_graph: true);
        var g = torch.cat([.. first.Select(t => t.reshape(-1))]);
        long p = g.shape[0];
        var h = torch.zeros(p, p, dtype: float64);
        for (long i = 0; i < p; i++)
        {
            var row = torch.autograd.grad([g[i]], [.. parameters], retain_graph: true);
            h[i] = torch.cat([.. row.Select(t => t.reshape(-1))]);
        }
        return h;
    }

    /// <summary>Eigenvalues of a symmetric float64 matrix by eigvalsh, descending.</summary>
    public static double[] Eigenvalues(Tensor symmetric)
    {
        var e = torch.linalg.eigvalsh(0.5 * (symmetric + symmetric.t())).data<double>().ToArray();
        Array.Reverse(e);
        return e;
    }
}
