using Emergence.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Measures;

/// <summary>
/// A functional re-implementation of <see cref="Gpt"/>'s forward pass from its named
/// parameters that records, for every Linear and LayerNorm, the layer input (for LayerNorm the
/// normalised input xhat) and the output tensor, so that the gradient with respect to each
/// output can be taken in one backward pass. It must compute exactly what Gpt computes (tested:
/// same logits); it serves the batched per-example gradients.
/// </summary>
internal sealed class GptTape
{
    public enum Kind { Linear, LayerNorm }

    public sealed record Record(Kind Kind, Tensor Input, Tensor Output);

    public required Tensor Logits { get; init; }
    public required Tensor EmbeddingOutput { get; init; }
    public required Tensor FinalNormOutput { get; init; }
    public required IReadOnlyList<(string Name, Record Record)> Records { get; init; }
    /// <summary>Every tensor whose gradient the per-example formulas need.</summary>
    public IReadOnlyList<Tensor> Outputs => [.. Records.Select(r => r.Record.Output), EmbeddingOutput, Logits];

    public static GptTape Run(Gpt model, Tensor tokens)
    {
        var p = model.named_parameters().ToDictionary(x => x.name, x => x.parameter as Tensor);
        var config = model.Config;
        var records = new List<(string, Record)>();
        long b = tokens.shape[0], t = tokens.shape[1], d = config.DModel;
        int heads = config.Heads;
        double scale = 1.0 / Math.Sqrt(config.HeadDim);

        Tensor Linear(string name, Tensor x)
        {
            var y = nn.functional.linear(x, p[name + ".weight"], p[name + ".bias"]);
            records.Add((name, new Record(Kind.Linear, x.detach(), y)));
            return y;
        }
        Tensor Norm(string name, Tensor x)
        {
            var xhat = nn.functional.layer_norm(x, [d], null, null, 1e-5);
            var y = (xhat * p[name + ".weight"]).Plus(p[name + ".bias"]);
            records.Add((name, new Record(Kind.LayerNorm, xhat.detach(), y)));
            return y;
        }

        using var length = t.ToScalar();
        using var scaleScalar = scale.ToScalar();
        var positions = torch.arange(length, dtype: int64, device: tokens.device);
        var x0 = p["wte.weight"].index_select(0, tokens.reshape(-1)).view(b, t, d).Plus(p["wpe.weight"].index_select(0, positions));
        var x = x0;
        var mask = torch.ones(t, t, dtype: ScalarType.Bool, device: tokens.device).triu(1);
        for (int l = 0; l < config.Layers; l++)
        {
            string h = $"h.{l}";
            var qkv = Linear(h + ".attn.c_attn", Norm(h + ".ln_1", x)).view(b, t, 3, heads, d / heads).permute(2, 0, 3, 1, 4);
            var (q, k, v) = (qkv[0], qkv[1], qkv[2]);
            var weights = q.matmul(k.transpose(-2, -1)).mul(scaleScalar).masked_fill(mask, HeldScalars.NegativeInfinity).softmax(-1);
            var y = weights.matmul(v).transpose(1, 2).reshape(b, t, d);
            x = x.Plus(Linear(h + ".attn.c_proj", y));
            var hidden = nn.functional.gelu(Linear(h + ".mlp.c_fc", Norm(h + ".ln_2", x)));
            x = x.Plus(Linear(h + ".mlp.c_proj", hidden));
        }
        var final = Norm("ln_f", x);
        var logits = final.matmul(p["wte.weight"].t());
        return new GptTape { Logits = logits, EmbeddingOutput = x0, FinalNormOutput = final.detach(), Records = records };
    }
}
