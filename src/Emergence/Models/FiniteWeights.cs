using static TorchSharp.torch;

namespace Emergence.Models;

/// <summary>Checks that loaded weights hold numbers: a NaN or infinite weight means a corrupt file.</summary>
internal static class FiniteWeights
{
    /// <summary>How many elements of <paramref name="tensor"/> are NaN or infinite.</summary>
    public static long NonFiniteCount(Tensor tensor)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return tensor.isfinite().logical_not().sum().item<long>();
    }

    /// <summary>The problem with a tensor that holds non-finite values, or null when all are finite.</summary>
    public static string? Problem(string name, Tensor tensor) =>
        NonFiniteCount(tensor) is > 0 and var n
            ? $"tensor '{name}' holds {n} NaN or infinite value{(n > 1 ? "s" : "")} of {tensor.numel()} (a corrupt or diverged checkpoint)"
            : null;
}
