using TorchSharp;

namespace Emergence.Models;

/// <summary>
/// TorchSharp scalar operands that outlive every native call reading them.
/// <para>
/// A TorchSharp <see cref="Scalar"/> wraps a native c10::Scalar and frees it in its finalizer.
/// An implicit conversion (<c>t.mul(0.5)</c>, <c>t * x</c>, <c>masked_fill(m, -inf)</c>,
/// <c>arange(n)</c>) creates a temporary that is unreachable once its handle is passed, so a
/// garbage collection on another thread can free it while libtorch still reads it: a
/// use-after-free that either stops the process (one reproduction run stopped with c10's
/// "Expected false to be true" in Scalar::toFloat, from masked_fill) or reads a wrong value.
/// The project's code therefore never converts implicitly: each scalar operand is a
/// <c>using var s = x.ToScalar();</c> local (disposed after the operation has returned) or one
/// of the process-lifetime constants below (static fields are never collected). TorchSharp
/// also makes such temporaries itself from literals: <c>a + b</c> and <c>a.add(b)</c> pass
/// alpha 1, <c>square()</c> calls pow(2); the project calls <c>Plus</c>,
/// <c>PlusInPlace</c> and <see cref="Squared"/> instead, which pass the same values held
/// (the same native call, so the same numbers). A test scans the source for all of these.
/// </para>
/// </summary>
internal static class HeldScalars
{
    /// <summary>−∞ (a double), the fill value of masked attention scores.</summary>
    public static readonly Scalar NegativeInfinity = double.NegativeInfinity.ToScalar();

    /// <summary>The integer 1, the alpha of index_add and the value of addcmul that only add.</summary>
    public static readonly Scalar One = 1.ToScalar();

    /// <summary>The integer 0.</summary>
    public static readonly Scalar Zero = 0.ToScalar();

    /// <summary>The integer 2, with <see cref="One"/> the map {0, 1} → {−1, 1} of Rademacher draws.</summary>
    public static readonly Scalar Two = 2.ToScalar();

    /// <summary><paramref name="a"/> + <paramref name="b"/>: TorchSharp's <c>a + b</c> with its alpha 1 held.</summary>
    public static torch.Tensor Plus(this torch.Tensor a, torch.Tensor b) => a.add(b, One);

    /// <summary><paramref name="a"/> + <paramref name="b"/> for a scalar <paramref name="b"/>, alpha 1 held.</summary>
    public static torch.Tensor Plus(this torch.Tensor a, Scalar b) => a.add(b, One);

    /// <summary><paramref name="a"/> += <paramref name="b"/>: TorchSharp's <c>a.add_(b)</c> with its alpha 1 held.</summary>
    public static torch.Tensor PlusInPlace(this torch.Tensor a, torch.Tensor b) => a.add_(b, One);

    /// <summary><paramref name="a"/> += <paramref name="b"/> for a scalar <paramref name="b"/>, alpha 1 held.</summary>
    public static torch.Tensor PlusInPlace(this torch.Tensor a, Scalar b) => a.add_(b, One);

    /// <summary><paramref name="a"/>²: TorchSharp's <c>square()</c>, which is pow(2), with the exponent held.</summary>
    public static torch.Tensor Squared(this torch.Tensor a) => a.pow(Two);
}
