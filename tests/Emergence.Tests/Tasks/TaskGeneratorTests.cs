using Emergence.Models;
using Emergence.Tasks;

namespace Emergence.Tests.Tasks;

public class TaskGeneratorTests
{
    private const int SamplesPerTaskLevel = 2000;

    /// <summary>Recomputes an answer from the prompt text alone, independently of the generator.</summary>
    private static string Expected(string prompt)
    {
        var words = prompt.Split(' ');
        Assert.Equal("=", words[^1]);
        var args = words[1..^1];
        var numbers = args.Select(long.Parse).ToArray();
        return words[0] switch
        {
            "COPY" => string.Join(' ', args),
            "REV" => string.Join(' ', args.Reverse()),
            "SORT" => string.Join(' ', numbers.Order()),
            "PAR" => numbers.Count(b => b == 1) % 2 == 0 ? "EVEN" : "ODD",
            "CMP" => numbers[0].CompareTo(numbers[1]) switch { < 0 => "LESS", 0 => "EQUAL", _ => "GREATER" },
            "ADD" => (numbers[0] + numbers[1]).ToString(),
            "MUL" => (numbers[0] * numbers[1]).ToString(),
            "MOD" => (numbers[0] % numbers[1]).ToString(),
            _ => throw new InvalidOperationException(prompt),
        };
    }

    public static TheoryData<string> AllTaskLevels() => [.. TaskLevel.All.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(AllTaskLevels))]
    public void Answers_match_an_independent_computation(string name)
    {
        var taskLevel = TaskLevel.Parse(name);
        var rng = new SplitMix64(7);
        for (int i = 0; i < SamplesPerTaskLevel; i++)
        {
            var e = TaskGenerator.Generate(taskLevel, rng);
            Assert.StartsWith(taskLevel.Task.Name() + " ", e.Prompt);
            Assert.Equal(Expected(e.Prompt), e.Answer);
        }
    }

    [Theory]
    [InlineData("COPY_L1", 3, 0, 9)]
    [InlineData("REV_L2", 5, 0, 9)]
    [InlineData("SORT_L3", 8, 0, 9)]
    [InlineData("PAR_L1", 4, 0, 1)]
    [InlineData("PAR_L3", 8, 0, 1)]
    [InlineData("CMP_L1", 2, 0, 9)]
    [InlineData("CMP_L2", 2, 10, 99)]
    [InlineData("CMP_L3", 2, 100, 999)]
    [InlineData("ADD_L1", 2, 0, 9)]
    [InlineData("ADD_L3", 2, 100, 999)]
    public void Operands_have_the_specified_count_and_range(string name, int count, int min, int max)
    {
        var taskLevel = TaskLevel.Parse(name);
        var rng = new SplitMix64(3);
        var seen = new HashSet<long>();
        for (int i = 0; i < SamplesPerTaskLevel; i++)
        {
            var numbers = TaskGenerator.Generate(taskLevel, rng).Prompt.Split(' ')[1..^1].Select(long.Parse).ToArray();
            Assert.Equal(count, numbers.Length);
            Assert.All(numbers, n => Assert.InRange(n, min, max));
            seen.UnionWith(numbers);
        }
        Assert.Contains(min, seen);
        Assert.Contains(max, seen);
    }

    [Fact]
    public void Mul_levels_use_1x1_1x2_and_2x2_digit_operands()
    {
        var rng = new SplitMix64(5);
        foreach (var (level, digitsA, digitsB) in new[] { (1, 1, 1), (2, 1, 2), (3, 2, 2) })
            for (int i = 0; i < 500; i++)
            {
                var args = TaskGenerator.Generate(new TaskLevel(TaskKind.Mul, level), rng).Prompt.Split(' ')[1..^1];
                Assert.Equal(digitsA, args[0].Length);
                Assert.Equal(digitsB, args[1].Length);
            }
    }

    [Fact]
    public void Mod_draws_primes_of_its_level_and_x_in_0_to_10p()
    {
        var rng = new SplitMix64(11);
        for (int level = 1; level <= 3; level++)
        {
            var primes = new HashSet<long>();
            for (int i = 0; i < 2000; i++)
            {
                var n = TaskGenerator.Generate(new TaskLevel(TaskKind.Mod, level), rng).Prompt.Split(' ')[1..^1].Select(long.Parse).ToArray();
                Assert.InRange(n[0], 0, 10 * n[1]);
                primes.Add(n[1]);
            }
            Assert.Equal(TaskGenerator.ModPrimes[level - 1].Select(p => (long)p).Order(), primes.Order());
        }
    }

    [Fact]
    public void Cmp_draws_equal_operands_about_one_time_in_three()
    {
        var rng = new SplitMix64(13);
        int equal = Enumerable.Range(0, 6000).Count(_ => TaskGenerator.Generate(new TaskLevel(TaskKind.Cmp, 3), rng).Answer == "EQUAL");
        Assert.InRange(equal / 6000.0, 0.30, 0.37); // 1/3 plus the 1/900 chance of drawing equal twice
    }

    [Fact]
    public void Numbers_have_no_leading_zeros()
    {
        var rng = new SplitMix64(17);
        foreach (var tl in TaskLevel.All.Where(t => t.Task is TaskKind.Add or TaskKind.Mul or TaskKind.Mod or TaskKind.Cmp))
            for (int i = 0; i < 500; i++)
            {
                var e = TaskGenerator.Generate(tl, rng);
                foreach (var number in e.Prompt.Split(' ')[1..^1].Append(e.Answer).Where(w => char.IsDigit(w[0])))
                    Assert.True(number == "0" || number[0] != '0', $"leading zero in {e.Text}");
            }
    }

    [Fact]
    public void Generation_is_deterministic_for_a_seed_and_differs_across_seeds()
    {
        var a = ExampleSets.TrainingBatch(42, 1000, 64).Select(e => e.Text).ToArray();
        var b = ExampleSets.TrainingBatch(42, 1000, 64).Select(e => e.Text).ToArray();
        var c = ExampleSets.TrainingBatch(43, 1000, 64).Select(e => e.Text).ToArray();
        var d = ExampleSets.TrainingBatch(42, 1001, 64).Select(e => e.Text).ToArray();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.NotEqual(a, d);
        Assert.Equal(ExampleSets.Evaluation(50).SelectMany(s => s).Select(e => e.Text), ExampleSets.Evaluation(50).SelectMany(s => s).Select(e => e.Text));
    }

    [Fact]
    public void Fixed_sets_have_their_sizes_and_differ_from_each_other()
    {
        var evaluation = ExampleSets.Evaluation();
        var diagnostic = ExampleSets.Diagnostic();
        Assert.Equal(24, evaluation.Count);
        Assert.All(evaluation, s => Assert.Equal(1000, s.Length));
        Assert.All(diagnostic, s => Assert.Equal(200, s.Length));
        Assert.Equal(24_000, evaluation.Sum(s => s.Length));
        // ADD_L3 has 810,000 inputs: the two fixed sets should share almost none.
        var add3 = TaskLevel.Parse("ADD_L3").Index;
        Assert.True(evaluation[add3].Select(e => e.Text).Intersect(diagnostic[add3].Select(e => e.Text)).Count() < 5);
        // A task-level's examples do not depend on which other task-levels are asked for.
        var only = ExampleSets.Evaluation(1000, [TaskLevel.Parse("ADD_L3")]);
        Assert.Equal(evaluation[add3].Select(e => e.Text), only[0].Select(e => e.Text));
    }

    [Fact]
    public void Training_batches_sample_task_levels_uniformly()
    {
        var counts = new int[24];
        for (int step = 1; step <= 300; step++)
            foreach (var e in ExampleSets.TrainingBatch(1, step, 64)) counts[e.TaskLevel.Index]++;
        double expected = 300 * 64 / 24.0; // 800 each
        double chi2 = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chi2 < 49.7, $"chi-square {chi2:F1} with 23 degrees of freedom (p < 0.002)");
    }

    [Fact]
    public void The_longest_example_fits_the_context()
    {
        // SORT_L3 and COPY/REV_L3: "<bos>SORT " + 8 digits + "=" + 8 digits + "<eos>" = 39 tokens, 38 inputs.
        var rng = new SplitMix64(19);
        int longest = TaskLevel.All.Max(tl => Enumerable.Range(0, 300).Max(_ => TaskGenerator.Generate(tl, rng).InputLength));
        Assert.Equal(38, longest);
        Assert.All(GptConfig.Presets, p => Assert.True(longest <= p.Context));
    }
}
