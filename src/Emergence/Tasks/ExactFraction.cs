using System.Globalization;
using System.Numerics;

namespace Emergence.Tasks;

/// <summary>A non-negative rational number p/q in lowest terms (q &gt; 0), for exact probabilities.</summary>
public readonly record struct ExactFraction : IComparable<ExactFraction>
{
    public BigInteger Numerator { get; }
    public BigInteger Denominator { get; }

    public ExactFraction(BigInteger numerator, BigInteger denominator)
    {
        if (denominator <= 0) throw new ArgumentOutOfRangeException(nameof(denominator), denominator, "denominator must be positive");
        var g = BigInteger.GreatestCommonDivisor(numerator, denominator);
        (Numerator, Denominator) = g.IsZero ? (BigInteger.Zero, BigInteger.One) : (numerator / g, denominator / g);
    }

    public static ExactFraction Zero { get; } = new(0, 1);

    public static ExactFraction operator +(ExactFraction a, ExactFraction b) =>
        new(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    public static ExactFraction operator *(ExactFraction a, ExactFraction b) =>
        new(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

    public int CompareTo(ExactFraction other) => (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    public double ToDouble() => (double)Numerator / (double)Denominator;

    /// <summary>"p/q", e.g. "2/5".</summary>
    public override string ToString() =>
        Numerator.ToString(CultureInfo.InvariantCulture) + "/" + Denominator.ToString(CultureInfo.InvariantCulture);
}
