using Emergence.Measures;
using Emergence.Models;
using Emergence.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Tests.Measures;

public class RepresentationTests
{
    [Fact]
    public void Representations_pick_the_documented_positions()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(8);
        using var model = new Gpt(new GptConfig("t", 2, 16, 2));
        var examples = ExampleSets.Diagnostic(3).Select(s => s[0]).Take(5).ToArray();
        var batch = TokenBatch.Encode(examples, torch.CPU);
        using var _ = torch.no_grad();
        var (_, hidden) = model.ForwardWithHidden(batch.Inputs);
        var last = RankMeMeasure.Representations(model, batch, examples, Representation.LastPrompt);
        var answer = RankMeMeasure.Representations(model, batch, examples, Representation.AnswerMean);
        var all = RankMeMeasure.Representations(model, batch, examples, Representation.AllMean);
        Assert.Equal(3, last.Length);   // embedding output and two blocks
        for (int layer = 0; layer < 3; layer++)
            for (int i = 0; i < examples.Length; i++)
            {
                var e = examples[i];
                var h = hidden[layer][i];
                Assert.True(h[e.LastPromptPosition].allclose(last[layer][i]));
                Assert.True(h.narrow(0, e.LastPromptPosition, e.ScoredLength).mean([0]).allclose(answer[layer][i], 1e-5, 1e-6));
                Assert.True(h.narrow(0, 0, e.InputLength).mean([0]).allclose(all[layer][i], 1e-5, 1e-6));
            }
        Assert.Equal(Representation.AnswerMean, Representations.Parse("answer-mean"));
        Assert.Throws<ArgumentException>(() => Representations.Parse("middle"));
    }
}
