using System.Globalization;
using System.Numerics;

namespace Emergence.Tasks;

/// <summary>A non-negative rational number p/q in lowest terms (q &gt; 0), for exact probabilities.</summary>
public readonly record struct ExactFraction : IComparable<ExactFraction>
{
    /// <summary>p, in lowest terms (0 for zero).</summary>
    public BigInteger Numerator { get; }
    /// <summary>q &gt; 0, in lowest terms (1 for zero).</summary>
    public BigInteger Denominator { get; }

    /// <summary>numerator / denominator reduced to lowest terms; a denominator &lt;= 0 throws.</summary>
    public ExactFraction(BigInteger numerator, BigInteger denominator)
    {
        if (denominator <= 0) throw new ArgumentOutOfRangeException(nameof(denominator), denominator, "denominator must be positive");
        var g = BigInteger.GreatestCommonDivisor(numerator, denominator);
        (Numerator, Denominator) = g.IsZero ? (BigInteger.Zero, BigInteger.One) : (numerator / g, denominator / g);
    }

    /// <summary>0/1.</summary>
    public static ExactFraction Zero { get; } = new(0, 1);

    /// <summary>The exact sum.</summary>
    public static ExactFraction operator +(ExactFraction a, ExactFraction b) =>
        new(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    /// <summary>The exact product.</summary>
    public static ExactFraction operator *(ExactFraction a, ExactFraction b) =>
        new(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

    /// <summary>Exact comparison by cross-multiplication.</summary>
    public int CompareTo(ExactFraction other) => (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    /// <summary>The nearest-double approximation p / q.</summary>
    public double ToDouble() => (double)Numerator / (double)Denominator;

    /// <summary>"p/q", e.g. "2/5".</summary>
    public override string ToString() =>
        Numerator.ToString(CultureInfo.InvariantCulture) + "/" + Denominator.ToString(CultureInfo.InvariantCulture);
}
