using Emergence.Models;
using static TorchSharp.torch;

namespace Emergence.Measures;

/// <summary>
/// Where each named parameter of a <see cref="Gpt"/> lies in the flat parameter vector w (the
/// parameters concatenated in <c>parameters()</c> order): one split of w's last dimension, each
/// part viewed as its parameter's shape. For a stack of C vectors ([C, P]) each parameter gets a
/// leading chain dimension ([C, ..shape]). The parts are views, so the gradient with respect to w
/// is one concatenation.
/// </summary>
internal sealed class FlatParameterLayout
{
    private readonly string[] _names;
    private readonly long[][] _shapes;
    private readonly long[] _sizes;

    /// <summary>The layout of the model's parameters.</summary>
    public FlatParameterLayout(Gpt model)
    {
        var named = model.named_parameters().ToArray();
        _names = [.. named.Select(p => p.name)];
        _shapes = [.. named.Select(p => p.parameter.shape)];
        _sizes = [.. named.Select(p => p.parameter.numel())];
    }

    /// <summary>Views of w ([P] or [C, P]) as the named parameters ([..shape] or [C, ..shape]).</summary>
    public Dictionary<string, Tensor> Split(Tensor w)
    {
        var parts = w.split(_sizes, dim: -1);
        var p = new Dictionary<string, Tensor>(_names.Length);
        for (int i = 0; i < _names.Length; i++)
            p[_names[i]] = w.dim() == 1 ? parts[i].view(_shapes[i]) : parts[i].view([w.shape[0], .. _shapes[i]]);
        return p;
    }
}
