using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Emergence.Models;

/// <summary>
/// Multi-head causal self-attention written out (matmul, mask, softmax, matmul) rather than
/// through a fused kernel, because fused scaled-dot-product attention has no double backward
/// and the Hessian measures differentiate twice.
/// </summary>
internal sealed class CausalSelfAttention : nn.Module<Tensor, Tensor>
{
    private readonly Linear c_attn;
    private readonly Linear c_proj;
    private readonly int _heads;
    private readonly double _scale;

    public CausalSelfAttention(GptConfig config) : base(nameof(CausalSelfAttention))
    {
        _heads = config.Heads;
        _scale = 1.0 / Math.Sqrt(config.HeadDim);
        c_attn = nn.Linear(config.DModel, 3 * config.DModel);
        c_proj = nn.Linear(config.DModel, config.DModel);
        RegisterComponents();
    }

    /// <summary>The projection back into the residual stream (scaled at initialisation).</summary>
    internal Linear OutputProjection => c_proj;

    public override Tensor forward(Tensor x) => Forward(x, null);

    /// <summary>
    /// Attention with a mask: <paramref name="blocked"/> (broadcastable to [b, heads, t, t]) is
    /// true where a query may not see a key; null means the plain causal mask.
    /// </summary>
    public Tensor Forward(Tensor x, Tensor? blocked)
    {
        long b = x.shape[0], t = x.shape[1], d = x.shape[2];
        var qkv = c_attn.forward(x).view(b, t, 3, _heads, d / _heads).permute(2, 0, 3, 1, 4);
        var (q, k, v) = (qkv[0], qkv[1], qkv[2]);                    // each [b, heads, t, head_dim]
        using var scale = _scale.ToScalar();
        var scores = q.matmul(k.transpose(-2, -1)).mul_(scale);
        var mask = blocked ?? torch.ones(t, t, dtype: ScalarType.Bool, device: x.device).triu(1); // true above the diagonal: future
        var weights = scores.masked_fill(mask, HeldScalars.NegativeInfinity).softmax(-1);
        var y = weights.matmul(v).transpose(1, 2).reshape(b, t, d);
        return c_proj.forward(y);
    }
}
