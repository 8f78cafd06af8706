using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Measures;

/// <summary>
/// Vectors in parameter space as one flat tensor: the parameters' elements concatenated in the
/// order given (for a module, <c>parameters()</c> order, i.e. named_parameters order).
/// </summary>
internal static class ParameterVectors
{
    public static long Count(IReadOnlyList<Tensor> parameters) => parameters.Sum(p => p.numel());

    /// <summary>Concatenation of the tensors, flattened, as <paramref name="dtype"/>.</summary>
    public static Tensor Flatten(IEnumerable<Tensor> tensors, ScalarType dtype) =>
        torch.cat([.. tensors.Select(t => t.reshape(-1).to(dtype))], 0);

    /// <summary>Splits a flat vector into views shaped like the parameters (and cast to their dtype).</summary>
    public static Tensor[] Unflatten(Tensor flat, IReadOnlyList<Tensor> like)
    {
        long total = Count(like);
        if (flat.numel() != total) throw new ArgumentException($"flat vector has {flat.numel()} elements, parameters have {total}");
        var parts = new Tensor[like.Count];
        long offset = 0;
        for (int i = 0; i < like.Count; i++)
        {
            long n = like[i].numel();
            parts[i] = flat.narrow(0, offset, n).view(like[i].shape).to(like[i].dtype);
            offset += n;
        }
        return parts;
    }

    /// <summary>Copies of the parameters' values, detached, outside any dispose scope.</summary>
    public static Tensor[] Snapshot(IReadOnlyList<Tensor> parameters)
    {
        using var _ = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        return [.. parameters.Select(p => p.detach().clone().DetachFromDisposeScope())];
    }

    /// <summary>Writes saved values back into the parameters, bit for bit.</summary>
    public static void Restore(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> saved)
    {
        using var _ = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        for (int i = 0; i < parameters.Count; i++) parameters[i].copy_(saved[i]);
    }
}
