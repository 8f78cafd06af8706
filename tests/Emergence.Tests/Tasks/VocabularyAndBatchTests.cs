using Emergence.Tasks;
using TorchSharp;

namespace Emergence.Tests.Tasks;

public class VocabularyAndBatchTests
{
    [Fact]
    public void Vocabulary_has_41_tokens_with_specials_first()
    {
        Assert.Equal(41, Vocabulary.Size);
        Assert.Equal(41, Vocabulary.Tokens.Count);
        Assert.Equal(41, Vocabulary.Tokens.Distinct().Count());
        Assert.Equal(["<pad>", "<bos>", "<eos>"], Vocabulary.Tokens.Take(3));
        Assert.Equal("ADD 23 45 =68", Vocabulary.Decode("ADD 23 45 =68".Select(Vocabulary.Encode)));
        var error = Assert.Throws<ArgumentException>(() => Vocabulary.Encode('a'));
        Assert.Contains("'a'", error.Message);
    }

    [Fact]
    public void Sequence_is_bos_prompt_answer_eos()
    {
        var e = new TaskExample(TaskLevel.Parse("ADD_L2"), "ADD 23 45 =", "68");
        Assert.Equal("<bos>ADD 23 45 =68<eos>", Vocabulary.Decode(e.Tokens()));
    }

    [Fact]
    public void Loss_mask_covers_exactly_the_answer_and_eos()
    {
        var examples = new[]
        {
            new TaskExample(TaskLevel.Parse("ADD_L2"), "ADD 23 45 =", "68"),
            new TaskExample(TaskLevel.Parse("CMP_L1"), "CMP 3 3 =", "EQUAL"),
        };
        using var scope = torch.NewDisposeScope();
        var batch = TokenBatch.Encode(examples, torch.CPU);
        int t = batch.Length;
        Assert.Equal(examples.Max(e => e.InputLength), t);
        var inputs = batch.Inputs.data<long>().ToArray();
        var targets = batch.Targets.data<long>().ToArray();
        var mask = batch.LossMask.data<float>().ToArray();
        for (int i = 0; i < examples.Length; i++)
        {
            var e = examples[i];
            var tokens = e.Tokens();
            var scored = Enumerable.Range(0, t).Where(j => mask[i * t + j] == 1f).ToArray();
            // Scored targets are the answer tokens followed by <eos>, predicted from '=' onwards.
            Assert.Equal(Enumerable.Range(e.Prompt.Length, e.Answer.Length + 1), scored);
            Assert.Equal(tokens[(e.Prompt.Length + 1)..], scored.Select(j => (int)targets[i * t + j]));
            Assert.Equal(Vocabulary.Encode('='), (int)inputs[i * t + (int)batch.LastPromptPositions[i]]);
            Assert.All(Enumerable.Range(0, t).Except(scored), j => Assert.Equal(TokenBatch.IgnoreIndex, targets[i * t + j]));
            Assert.All(Enumerable.Range(tokens.Length - 1, t - tokens.Length + 1), j => Assert.Equal(Vocabulary.Pad, (int)inputs[i * t + j]));
        }
        Assert.Equal(3 + 6, mask.Sum());
    }

    [Theory]
    [InlineData("add_l2", "ADD_L2")]
    [InlineData("SORT:3", "SORT_L3")]
    public void Task_levels_parse(string text, string expected) => Assert.Equal(expected, TaskLevel.Parse(text).Name);

    [Theory]
    [InlineData("DIV_L1", "Unknown task 'DIV'")]
    [InlineData("ADD_L4", "Unknown task-level 'ADD_L4'")]
    [InlineData("ADD", "Unknown task-level 'ADD'")]
    public void Bad_task_levels_are_named_in_the_error(string text, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => TaskLevel.Parse(text));
        Assert.Contains(message, error.Message);
    }
}
