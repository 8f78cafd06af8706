namespace Emergence.Tasks;

/// <summary>
/// Draws examples of each task-level in the default format of PROTOCOL §1. Numbers have no
/// leading zeros; a k-digit operand is uniform over the k-digit range (1-digit includes 0).
/// </summary>
public static class TaskGenerator
{
    /// <summary>Share of CMP examples drawn with a = b (default one in three), so EQUAL is not rare.</summary>
    public const int CmpEqualOneIn = 3;

    /// <summary>The primes p of MOD at levels 1, 2 and 3.</summary>
    public static readonly int[][] ModPrimes = [[2, 3, 5, 7], [7, 11, 13], [13, 17, 19, 23]];

    /// <summary>One example of the task-level drawn from <paramref name="rng"/>.</summary>
    public static TaskExample Generate(TaskLevel taskLevel, SplitMix64 rng)
    {
        var (task, level) = (taskLevel.Task, taskLevel.Level);
        string input, answer;
        switch (task)
        {
            case TaskKind.Copy:
            {
                var digits = Digits(rng, ListLength(level));
                (input, answer) = (Spaced(digits), Spaced(digits));
                break;
            }
            case TaskKind.Rev:
            {
                var digits = Digits(rng, ListLength(level));
                (input, answer) = (Spaced(digits), Spaced(digits.AsEnumerable().Reverse()));
                break;
            }
            case TaskKind.Sort:
            {
                var digits = Digits(rng, ListLength(level));
                (input, answer) = (Spaced(digits), Spaced(digits.Order()));
                break;
            }
            case TaskKind.Par:
            {
                int n = level switch { 1 => 4, 2 => 6, _ => 8 };
                var bits = Enumerable.Range(0, n).Select(_ => rng.Next(2)).ToArray();
                (input, answer) = (Spaced(bits), bits.Sum() % 2 == 1 ? "ODD" : "EVEN");
                break;
            }
            case TaskKind.Cmp:
            {
                int a = Operand(rng, level);
                int b = rng.Next(CmpEqualOneIn) == 0 ? a : Operand(rng, level);
                (input, answer) = ($"{a} {b}", a < b ? "LESS" : a == b ? "EQUAL" : "GREATER");
                break;
            }
            case TaskKind.Add:
            {
                int a = Operand(rng, level), b = Operand(rng, level);
                (input, answer) = ($"{a} {b}", (a + b).ToString());
                break;
            }
            case TaskKind.Mul:
            {
                var (da, db) = level switch { 1 => (1, 1), 2 => (1, 2), _ => (2, 2) };
                int a = Operand(rng, da), b = Operand(rng, db);
                (input, answer) = ($"{a} {b}", (a * b).ToString());
                break;
            }
            case TaskKind.Mod:
            {
                var primes = ModPrimes[level - 1];
                int p = primes[rng.Next(primes.Length)];
                int x = rng.NextInclusive(0, 10 * p);
                (input, answer) = ($"{x} {p}", (x % p).ToString());
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(taskLevel), taskLevel, "unknown task");
        }
        return new TaskExample(taskLevel, $"{task.Name()} {input} =", answer);
    }

    private static int ListLength(int level) => level switch { 1 => 3, 2 => 5, _ => 8 };

    private static int[] Digits(SplitMix64 rng, int n) => [.. Enumerable.Range(0, n).Select(_ => rng.Next(10))];

    private static string Spaced(IEnumerable<int> values) => string.Join(' ', values);

    /// <summary>Uniform over the k-digit numbers: [0, 9] for k = 1, [10^(k-1), 10^k - 1] otherwise.</summary>
    public static int Operand(SplitMix64 rng, int digits)
    {
        int low = digits == 1 ? 0 : (int)Math.Pow(10, digits - 1);
        int high = (int)Math.Pow(10, digits) - 1;
        return rng.NextInclusive(low, high);
    }
}
