using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Emergence.Models;

/// <summary>Pre-norm transformer block: x + attn(ln_1(x)), then x + mlp(ln_2(x)).</summary>
internal sealed class Block : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm ln_1;
    private readonly CausalSelfAttention attn;
    private readonly LayerNorm ln_2;
    private readonly Mlp mlp;

    public Block(GptConfig config) : base(nameof(Block))
    {
        ln_1 = nn.LayerNorm(config.DModel);
        attn = new CausalSelfAttention(config);
        ln_2 = nn.LayerNorm(config.DModel);
        mlp = new Mlp(config);
        RegisterComponents();
    }

    internal IEnumerable<Linear> ResidualProjections => [attn.OutputProjection, mlp.OutputProjection];

    public override Tensor forward(Tensor x) => Forward(x, null);

    /// <summary>The block with an attention mask (see <see cref="CausalSelfAttention.Forward"/>).</summary>
    public Tensor Forward(Tensor x, Tensor? blocked)
    {
        x = x.Plus(attn.Forward(ln_1.forward(x), blocked));
        return x.Plus(mlp.forward(ln_2.forward(x)));
    }
}

/// <summary>Position-wise feed-forward: Linear(d, 4d), GELU (exact, erf form), Linear(4d, d).</summary>
internal sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear c_fc;
    private readonly Linear c_proj;

    public Mlp(GptConfig config) : base(nameof(Mlp))
    {
        c_fc = nn.Linear(config.DModel, config.DFeedForward);
        c_proj = nn.Linear(config.DFeedForward, config.DModel);
        RegisterComponents();
    }

    internal Linear OutputProjection => c_proj;

    public override Tensor forward(Tensor x) => c_proj.forward(nn.functional.gelu(c_fc.forward(x)));
}
