using Emergence.Models;
using Emergence.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Tests.Models;

public class GptTests
{
    [Theory]
    [InlineData("nano", 408_192)]
    [InlineData("micro", 1_796_928)]
    [InlineData("small", 7_426_880)]
    [InlineData("medium", 25_265_664)]
    [InlineData("large", 85_124_352)]
    public void Parameter_counts_are_exact_and_within_3_percent_of_the_paper(string name, long expected)
    {
        var config = GptConfig.Preset(name);
        Assert.Equal(expected, config.ParameterCount());
        double paper = GptConfig.PaperParameterCounts[name];
        Assert.InRange(expected / paper, 0.97, 1.03);
        if (name is "nano" or "micro")
        {
            using var model = new Gpt(config);
            Assert.Equal(expected, model.parameters().Sum(p => p.numel()));
        }
    }

    [Fact]
    public void Parameter_names_follow_nanoGPT()
    {
        using var model = new Gpt(GptConfig.Preset("nano"));
        var names = model.named_parameters().Select(p => p.name).ToHashSet();
        Assert.Contains("wte.weight", names);
        Assert.Contains("wpe.weight", names);
        Assert.Contains("h.1.attn.c_attn.weight", names);
        Assert.Contains("h.0.mlp.c_proj.bias", names);
        Assert.Contains("ln_f.weight", names);
        Assert.Equal(2 + 2 * 12 + 2, names.Count);
    }

    [Fact]
    public void Hidden_states_are_the_embedding_and_every_block_output()
    {
        torch.manual_seed(1);
        using var model = new Gpt(new GptConfig("t", 3, 32, 4));
        model.eval();
        using var scope = torch.NewDisposeScope();
        var tokens = torch.randint(3, Vocabulary.Size, [2, 10], dtype: int64);
        var (logits, hidden) = model.ForwardWithHidden(tokens);
        Assert.Equal(4, hidden.Length);
        Assert.All(hidden, h => Assert.Equal(new long[] { 2, 10, 32 }, h.shape));
        Assert.Equal(new long[] { 2, 10, Vocabulary.Size }, logits.shape);
        Assert.True(logits.allclose(model.forward(tokens)));
        Assert.False(hidden[2].allclose(hidden[3]));
    }

    [Fact]
    public void Attention_is_causal()
    {
        torch.manual_seed(2);
        using var model = new Gpt(new GptConfig("t", 2, 32, 4));
        model.eval();
        using var scope = torch.NewDisposeScope();
        var tokens = torch.randint(3, Vocabulary.Size, [1, 12], dtype: int64);
        var changed = tokens.clone();
        changed[0, 8] = torch.tensor(5L);
        var a = model.forward(tokens);
        var b = model.forward(changed);
        Assert.True(a[.., ..8].allclose(b[.., ..8], rtol: 0, atol: 1e-6));
        Assert.False(a[.., 8..].allclose(b[.., 8..], rtol: 0, atol: 1e-3));
    }

    [Fact]
    public void Tied_output_uses_the_token_embedding()
    {
        torch.manual_seed(3);
        using var model = new Gpt(new GptConfig("t", 1, 16, 2));
        var names = model.named_parameters().Select(p => p.name).ToArray();
        Assert.DoesNotContain(names, n => n.Contains("lm_head"));
    }

    /// <summary>
    /// The Hessian measures need second derivatives through attention: a Hessian-vector product
    /// by double backward must match a central finite difference of gradients (float64).
    /// </summary>
    [Fact]
    public void Double_backward_gives_the_finite_difference_Hessian_vector_product()
    {
        torch.manual_seed(4);
        using var model = new Gpt(new GptConfig("t", 2, 16, 2));
        model.to(float64);
        using var scope = torch.NewDisposeScope();
        var examples = ExampleSets.TrainingBatch(4, 1, 6);
        var batch = TokenBatch.Encode(examples, CPU);
        var parameters = model.parameters().ToArray();
        var direction = parameters.Select(p => torch.randn_like(p)).ToArray();

        Tensor[] Gradient(bool createGraph)
        {
            var loss = AnswerLoss.Compute(model.forward(batch.Inputs), batch);
            return [.. torch.autograd.grad([loss], parameters, create_graph: createGraph, retain_graph: createGraph)];
        }

        var grads = Gradient(true);
        var dot = grads.Zip(direction).Select(gv => (gv.First * gv.Second).sum()).Aggregate((a, b) => a + b);
        var hvp = torch.autograd.grad([dot], parameters).Select(t => t.detach()).ToArray();

        const double h = 1e-5;
        Tensor[] Shifted(double sign)
        {
            using (torch.no_grad())
                foreach (var (p, v) in parameters.Zip(direction)) p.add_(v, alpha: sign * h);
            var g = Gradient(false).Select(t => t.detach().clone()).ToArray();
            using (torch.no_grad())
                foreach (var (p, v) in parameters.Zip(direction)) p.add_(v, alpha: -sign * h);
            return g;
        }
        var plus = Shifted(1);
        var minus = Shifted(-1);
        var fd = plus.Zip(minus).Select(pm => (pm.First - pm.Second) / (2 * h)).ToArray();

        var a = torch.cat(hvp.Select(t => t.flatten()).ToArray());
        var b = torch.cat(fd.Select(t => t.flatten()).ToArray());
        double relative = (a - b).norm().item<double>() / b.norm().item<double>();
        Assert.True(relative < 1e-6, $"relative difference {relative:E2}");
        Assert.True(b.norm().item<double>() > 1e-3);
    }

    [Theory]
    [InlineData("huge", "Unknown model 'huge'")]
    [InlineData("custom:2x100x3", "not divisible")]
    [InlineData("custom:2x0x1", "Bad custom model")]
    public void Bad_model_names_are_refused_with_the_value(string text, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => GptConfig.Parse(text));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Flop_count_matches_a_hand_count_for_nano()
    {
        var nano = GptConfig.Preset("nano");
        // per layer: 2*(3d^2 + d^2 + 8d^2) + 4*t*d; plus the tied output 2*d*V.
        double d = 128, t = 20, expected = 2 * (2 * 12 * d * d + 4 * t * d) + 2 * d * 41;
        Assert.Equal(expected, nano.ForwardFlopsPerToken(20));
    }
}
