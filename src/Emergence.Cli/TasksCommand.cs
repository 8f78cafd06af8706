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
            int n = OptionLimits.InRange("--examples", parse.GetValue(count), 1, OptionLimits.MaxExamples);
            Console.WriteLine($"vocabulary ({Vocabulary.Size} tokens): " +
                string.Join(" ", Vocabulary.Tokens.Select((t, i) => $"{i}:{(t == " " ? "<space>" : t)}")));
            foreach (var taskLevel in TaskLevel.All)
            {
                var rng = SplitMix64.Derive((ulong)parse.GetValue(seed), taskLevel.Index);
                // Written one example at a time: the output never has to fit in memory.
                Console.Write($"{taskLevel.Name,-8} ({taskLevel.Task.Class().ToString().ToLowerInvariant()}) ");
                for (int i = 0; i < n; i++)
                {
                    var example = TaskGenerator.Generate(taskLevel, rng);
                    Console.Write(i == 0 ? $" {example.Prompt}{example.Answer}" : $"   {example.Prompt}{example.Answer}");
                }
                Console.WriteLine();
            }
            return 0;
        }));
        return command;
    }
}
