using Emergence.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Pythia;

/// <summary>
/// Rotary position embedding as GPT-NeoX applies it: to the first r = rotary_ndims dimensions of
/// each query and key head, leaving the rest unchanged. With inv_freq_j = base^(-2j/r),
/// j = 0..r/2-1, and angle θ(t, j) = t · inv_freq_j at position t, the "rotate half" pairing
/// rotates dimension j with dimension j + r/2:
/// <code>
///   x'_j       = x_j cos θ − x_{j+r/2} sin θ
///   x'_{j+r/2} = x_{j+r/2} cos θ + x_j sin θ
/// </code>
/// i.e. x' = x ⊙ cos + rotate_half(x) ⊙ sin with cos = [cos θ, cos θ], rotate_half(x) = [−x₂, x₁].
/// Angles are computed in float64 and then cast to the compute type.
/// </summary>
internal static class Rotary
{
    /// <summary>(cos, sin), each [T, r], for positions 0..T-1.</summary>
    public static (Tensor Cos, Tensor Sin) Tables(int positions, int rotaryDims, double rotaryBase, ScalarType dtype)
    {
        var half = rotaryDims / 2;
        using var halfScalar = half.ToScalar();
        using var two = 2.0.ToScalar();
        using var dims = rotaryDims.ToScalar();
        using var count = positions.ToScalar();
        var invFreq = pow(rotaryBase, (-arange(HeldScalars.Zero, halfScalar, dtype: ScalarType.Float64)).mul(two).div(dims));
        var angles = outer(arange(HeldScalars.Zero, count, dtype: ScalarType.Float64), invFreq); // [T, r/2]
        var full = cat([angles, angles], 1);                                           // [T, r]
        return (full.cos().to_type(dtype), full.sin().to_type(dtype));
    }

    /// <summary>Applies the rotation to x of shape [..., T, head_dim] (first r dims rotated).</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin, int rotaryDims)
    {
        if (rotaryDims == 0) return x;
        long headDim = x.shape[^1];
        var rot = x.narrow(-1, 0, rotaryDims);
        var half = rotaryDims / 2;
        var x1 = rot.narrow(-1, 0, half);
        var x2 = rot.narrow(-1, half, half);
        var rotated = (rot * cos).Plus(cat([-x2, x1], -1) * sin);
        return rotaryDims == headDim ? rotated : cat([rotated, x.narrow(-1, rotaryDims, headDim - rotaryDims)], -1);
    }
}
