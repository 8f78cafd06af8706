using TorchSharp;
using static TorchSharp.torch;
using Emergence.Models;

namespace Emergence.Measures;

/// <summary>
/// Hessian-vector products H v = d/dw (grad L(w) . v) by double backward (Pearlmutter 1994),
/// reusing one first-order graph for every vector. The loss must be twice differentiable
/// through the model (the GPT's attention is written out for this: fused attention has no
/// double backward on CPU). Create it inside a dispose scope: the graph lives in that scope.
/// </summary>
public sealed class HessianVectorProduct
{
    private readonly IReadOnlyList<Tensor> _parameters;
    private readonly IList<Tensor> _gradients;

    /// <summary>Number of parameters n.</summary>
    public long Dimension { get; }
    /// <summary>The parameters' dtype and device: vectors are best given in these (no conversion).</summary>
    public ScalarType DType { get; }
    /// <summary>Device of the parameters.</summary>
    public Device Device { get; }
    /// <summary>The loss at the current parameters.</summary>
    public double Loss { get; }

    /// <summary>Builds the first-order gradient graph of a scalar loss in the parameters; throws on a non-scalar loss.</summary>
    public HessianVectorProduct(Tensor loss, IReadOnlyList<Tensor> parameters)
    {
        if (loss.numel() != 1) throw new ArgumentException($"the loss must be a scalar, got shape [{string.Join(", ", loss.shape)}]");
        if (parameters.Any(p => !p.requires_grad)) throw new ArgumentException("every parameter must require gradients");
        _parameters = parameters;
        Dimension = ParameterVectors.Count(parameters);
        DType = parameters[0].dtype;
        Device = parameters[0].device;
        Loss = loss.to(float64).item<double>();
        // create_graph alone does not keep the graph in TorchSharp 0.107: retain_graph is needed too.
        _gradients = torch.autograd.grad([loss], [.. parameters], retain_graph: true, create_graph: true);
    }

    /// <summary>H v for a flat vector; the result is flat, of v's dtype, in the caller's dispose scope.</summary>
    public Tensor Apply(Tensor v)
    {
        if (v.dim() != 1 || v.shape[0] != Dimension)
            throw new ArgumentException($"vector has shape [{string.Join(", ", v.shape)}], expected [{Dimension}]");
        using var scope = torch.NewDisposeScope();
        var parts = ParameterVectors.Unflatten(v, _parameters);
        Tensor dot = torch.zeros([], dtype: _gradients[0].dtype, device: _gradients[0].device);
        for (int i = 0; i < parts.Length; i++) dot = dot.Plus((_gradients[i] * parts[i]).sum());
        var hv = torch.autograd.grad([dot], [.. _parameters], retain_graph: true);
        return scope.MoveToOuter(ParameterVectors.Flatten(hv, v.dtype));
    }
}
