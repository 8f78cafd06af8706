using System.Numerics;

namespace Emergence.Tasks;

/// <summary>The most common answer of a task-level and the share of examples it is correct on.</summary>
/// <param name="TaskLevel">The task-level.</param>
/// <param name="Answer">The majority answer; among equally common answers, the first in ordinal string order.</param>
/// <param name="Share">Its probability (exact) or its share of a fixed set.</param>
public sealed record MajorityAnswer(TaskLevel TaskLevel, string Answer, ExactFraction Share);

/// <summary>
/// Majority-answer baselines: the accuracy of a model that always gives the single most common
/// answer of a task-level, b = max over answers y of P(answer = y). <see cref="Exact"/> computes it
/// from the distribution of <see cref="TaskGenerator"/> (PROTOCOL §1) by exact enumeration of every
/// equally likely draw, in rational arithmetic; <see cref="OnSet"/> counts it on a fixed example set
/// (the evaluation set a run is scored on). COPY and REV map input digit lists one-to-one onto
/// answers, so every answer has probability 10^-n; SORT's answer is the multiset of the digits, with
/// probability n! / (c_0! ... c_9!) / 10^n for digit counts c_d, enumerated over all multisets.
/// </summary>
public static class MajorityBaseline
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<TaskLevel, MajorityAnswer> Computed = new();

    /// <summary>The exact baseline (computed once per task-level per process: the largest enumerations visit 810,000 pairs).</summary>
    public static MajorityAnswer Exact(TaskLevel taskLevel) => Computed.GetOrAdd(taskLevel, Enumerate);

    private static MajorityAnswer Enumerate(TaskLevel taskLevel)
    {
        var (task, level) = (taskLevel.Task, taskLevel.Level);
        var distribution = task switch
        {
            TaskKind.Copy or TaskKind.Rev => DigitListIdentity(ListLength(level)),
            TaskKind.Sort => SortedDigits(ListLength(level)),
            TaskKind.Par => Uniform(Bits(level switch { 1 => 4, 2 => 6, _ => 8 }).Select(b => b.Sum() % 2 == 1 ? "ODD" : "EVEN")),
            TaskKind.Cmp => Compare(level),
            TaskKind.Add => Uniform(Pairs(level, level).Select(p => (p.A + p.B).ToString())),
            TaskKind.Mul => Uniform(level switch { 1 => Pairs(1, 1), 2 => Pairs(1, 2), _ => Pairs(2, 2) }, p => (p.A * p.B).ToString()),
            TaskKind.Mod => Modulo(TaskGenerator.ModPrimes[level - 1]),
            _ => throw new ArgumentOutOfRangeException(nameof(taskLevel), taskLevel, "unknown task"),
        };
        var (answer, share) = Majority(distribution);
        return new MajorityAnswer(taskLevel, answer, share);
    }

    /// <summary>The most common answer of a fixed set of one task-level and its share of the set.</summary>
    public static MajorityAnswer OnSet(IReadOnlyList<TaskExample> set)
    {
        if (set.Count == 0) throw new ArgumentException("an empty set has no majority answer");
        var counts = set.GroupBy(e => e.Answer).ToDictionary(g => g.Key, g => new ExactFraction(g.Count(), set.Count));
        var (answer, share) = Majority(counts);
        return new MajorityAnswer(set[0].TaskLevel, answer, share);
    }

    private static (string Answer, ExactFraction Share) Majority(IReadOnlyDictionary<string, ExactFraction> distribution) =>
        distribution.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value)).First();

    private static int ListLength(int level) => level switch { 1 => 3, 2 => 5, _ => 8 };

    /// <summary>Equally likely outcomes: P(y) = #{outcomes with answer y} / #outcomes.</summary>
    private static Dictionary<string, ExactFraction> Uniform(IEnumerable<string> answers)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        long total = 0;
        foreach (var answer in answers)
        {
            counts[answer] = counts.GetValueOrDefault(answer) + 1;
            total++;
        }
        return counts.ToDictionary(kv => kv.Key, kv => new ExactFraction(kv.Value, total), StringComparer.Ordinal);
    }

    private static Dictionary<string, ExactFraction> Uniform<T>(IEnumerable<T> outcomes, Func<T, string> answer) => Uniform(outcomes.Select(answer));

    /// <summary>All n-digit lists are equally likely and answer one-to-one: the all-zero list stands for the tie.</summary>
    private static Dictionary<string, ExactFraction> DigitListIdentity(int n) =>
        new(StringComparer.Ordinal) { [string.Join(' ', Enumerable.Repeat(0, n))] = new ExactFraction(1, BigInteger.Pow(10, n)) };

    /// <summary>Every multiset of n digits (counts c_0..c_9 summing to n), with its multinomial probability.</summary>
    private static Dictionary<string, ExactFraction> SortedDigits(int n)
    {
        var result = new Dictionary<string, ExactFraction>(StringComparer.Ordinal);
        var counts = new int[10];
        var total = BigInteger.Pow(10, n);
        void Fill(int digit, int left)
        {
            if (digit == 9)
            {
                counts[9] = left;
                var ways = Factorial(n);
                foreach (var c in counts) ways /= Factorial(c);
                var answer = string.Join(' ', Enumerable.Range(0, 10).SelectMany(d => Enumerable.Repeat(d, counts[d])));
                result[answer] = new ExactFraction(ways, total);
                return;
            }
            for (int c = 0; c <= left; c++)
            {
                counts[digit] = c;
                Fill(digit + 1, left - c);
            }
        }
        Fill(0, n);
        return result;
    }

    private static BigInteger Factorial(int k) => Enumerable.Range(1, Math.Max(0, k)).Aggregate(BigInteger.One, (f, i) => f * i);

    private static IEnumerable<int[]> Bits(int n) =>
        Enumerable.Range(0, 1 << n).Select(v => Enumerable.Range(0, n).Select(i => (v >> i) & 1).ToArray());

    /// <summary>Every (a, b) with a of <paramref name="digitsA"/> digits and b of <paramref name="digitsB"/>, each uniform (<see cref="TaskGenerator.Operand"/>).</summary>
    private static IEnumerable<(int A, int B)> Pairs(int digitsA, int digitsB) =>
        from a in Operands(digitsA) from b in Operands(digitsB) select (a, b);

    private static IEnumerable<int> Operands(int digits)
    {
        int low = digits == 1 ? 0 : (int)Math.Pow(10, digits - 1), high = (int)Math.Pow(10, digits) - 1;
        return Enumerable.Range(low, high - low + 1);
    }

    /// <summary>
    /// CMP draws b = a with probability 1/k (k = <see cref="TaskGenerator.CmpEqualOneIn"/>), else b
    /// independently: P(y) = (1/k)[y = EQUAL] + (1 − 1/k) P_independent(y).
    /// </summary>
    private static Dictionary<string, ExactFraction> Compare(int level)
    {
        var independent = Uniform(Pairs(level, level), p => p.A < p.B ? "LESS" : p.A == p.B ? "EQUAL" : "GREATER");
        var equal = new ExactFraction(1, TaskGenerator.CmpEqualOneIn);
        var rest = new ExactFraction(TaskGenerator.CmpEqualOneIn - 1, TaskGenerator.CmpEqualOneIn);
        return new[] { "LESS", "EQUAL", "GREATER" }.ToDictionary(y => y,
            y => (y == "EQUAL" ? equal : ExactFraction.Zero) + rest * independent.GetValueOrDefault(y, ExactFraction.Zero), StringComparer.Ordinal);
    }

    /// <summary>MOD: p uniform over the level's primes, then x uniform in [0, 10p]: P(y) = (1/|P|) Σ_p #{x : x mod p = y} / (10p + 1).</summary>
    private static Dictionary<string, ExactFraction> Modulo(int[] primes)
    {
        var result = new Dictionary<string, ExactFraction>(StringComparer.Ordinal);
        foreach (var p in primes)
            foreach (var (answer, share) in Uniform(Enumerable.Range(0, 10 * p + 1).Select(x => (x % p).ToString())))
                result[answer] = result.GetValueOrDefault(answer, ExactFraction.Zero) + share * new ExactFraction(1, primes.Length);
        return result;
    }
}
