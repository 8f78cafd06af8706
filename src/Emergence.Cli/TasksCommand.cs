using System.CommandLine;
using Emergence.Tasks;

namespace Emergence.Cli;

/// <summary><c>emergence tasks</c>: the vocabulary and a few examples of every task-level.</summary>
public static class TasksCommand
{
    public static Command Create()
    {
        var count = new Option<int>("--examples") { Description = "Examples per task-level", DefaultValueFactory = _ => 3 };
        var seed = new Option<int>("--seed") { Description = "Seed for the examples", DefaultValueFactory = _ => 0 };
        var command = new Command("tasks", "Print the vocabulary and examples of all 24 task-levels") { count, seed };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            int n = parse.GetValue(count);
            if (n <= 0) throw new ArgumentException($"--examples must be positive (got {n}).");
            Console.WriteLine($"vocabulary ({Vocabulary.Size} tokens): " +
                string.Join(" ", Vocabulary.Tokens.Select((t, i) => $"{i}:{(t == " " ? "<space>" : t)}")));
            foreach (var taskLevel in TaskLevel.All)
            {
                var rng = SplitMix64.Derive((ulong)parse.GetValue(seed), taskLevel.Index);
                var examples = Enumerable.Range(0, n).Select(_ => TaskGenerator.Generate(taskLevel, rng));
                Console.WriteLine($"{taskLevel.Name,-8} ({taskLevel.Task.Class().ToString().ToLowerInvariant()})  " +
                    string.Join("   ", examples.Select(e => $"{e.Prompt}{e.Answer}")));
            }
            return 0;
        }));
        return command;
    }
}
