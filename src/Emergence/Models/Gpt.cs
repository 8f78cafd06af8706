using Emergence.Tasks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Emergence.Models;

/// <summary>
/// GPT-2 style decoder-only transformer (PROTOCOL §2), in the manner of nanoGPT:
/// <code>
///   h_0 = wte[tokens] + wpe[positions]            (embedding output, "layer 0")
///   h_l = Block_l(h_{l-1}),  l = 1..L             (residual stream after block l)
///   logits = LayerNorm_f(h_L) · wte^T             (tied output embedding)
/// </code>
/// Parameter names follow nanoGPT (wte, wpe, h.{i}.ln_1, h.{i}.attn.c_attn, ..., ln_f), with
/// PyTorch nn.Linear layouts ([out, in]). Initialisation as GPT-2: N(0, 0.02) weights,
/// residual projections N(0, 0.02/sqrt(2L)), zero biases, unit LayerNorm gains.
/// </summary>
public sealed class Gpt : nn.Module<Tensor, Tensor>
{
    private readonly Embedding wte;
    private readonly Embedding wpe;
    private readonly ModuleList<Block> h;
    private readonly LayerNorm ln_f;

    /// <summary>The model's size.</summary>
    public GptConfig Config { get; }

    /// <summary>A model of the given size, initialised as GPT-2 from libtorch's current random state.</summary>
    public Gpt(GptConfig config) : base(nameof(Gpt))
    {
        Config = config;
        wte = nn.Embedding(config.VocabSize, config.DModel);
        wpe = nn.Embedding(config.Context, config.DModel);
        h = nn.ModuleList([.. Enumerable.Range(0, config.Layers).Select(_ => new Block(config))]);
        ln_f = nn.LayerNorm(config.DModel);
        RegisterComponents();
        Initialise();
    }

    private void Initialise()
    {
        using var _ = torch.no_grad();
        foreach (var (name, p) in named_parameters())
        {
            if (name.EndsWith(".bias")) nn.init.zeros_(p);
            else if (name.Contains("ln_")) nn.init.ones_(p);
            else nn.init.normal_(p, 0, 0.02);
        }
        var residualStd = 0.02 / Math.Sqrt(2.0 * Config.Layers);
        foreach (var block in h)
            foreach (var projection in block.ResidualProjections)
                nn.init.normal_(projection.weight!, 0, residualStd);
    }

    /// <summary>Logits [B, T, V] for tokens [B, T] (causal attention, positions 0..T-1).</summary>
    public override Tensor forward(Tensor tokens) => Logits(Stream(tokens, null));

    /// <summary>
    /// Logits [S, V] at the scored positions of a packed batch, in the batch's scored order: the
    /// same numbers as the padded forward gives at those positions (positions restart per
    /// example, attention stays within an example); nothing is computed for the output layer
    /// at unscored positions.
    /// </summary>
    public Tensor ScoredLogits(PackedBatch batch)
    {
        if (batch.LongestInput > Config.Context)
            throw new ArgumentException($"Sequence length {batch.LongestInput} exceeds the model's context of {Config.Context}.");
        var x = Stream(batch.Inputs, batch.Positions, batch.Blocked, null);
        return Logits(x.view(-1, x.shape[^1]).index_select(0, batch.ScoredIndex));
    }

    /// <summary>
    /// Logits and the residual stream at every depth: <c>hidden[0]</c> is the embedding output,
    /// <c>hidden[l]</c> the output of block l (before the final LayerNorm for l = L).
    /// </summary>
    public (Tensor Logits, Tensor[] Hidden) ForwardWithHidden(Tensor tokens)
    {
        var hidden = new List<Tensor>(Config.Layers + 1);
        var last = Stream(tokens, hidden);
        return (Logits(last), [.. hidden]);
    }

    private Tensor Stream(Tensor tokens, List<Tensor>? hidden)
    {
        long t = tokens.shape[1];
        if (t > Config.Context)
            throw new ArgumentException($"Sequence length {t} exceeds the model's context of {Config.Context}.");
        using var length = t.ToScalar();
        return Stream(tokens, torch.arange(length, dtype: int64, device: tokens.device), null, hidden);
    }

    private Tensor Stream(Tensor tokens, Tensor positions, Tensor? blocked, List<Tensor>? hidden)
    {
        var x = wte.forward(tokens).Plus(wpe.forward(positions));
        hidden?.Add(x);
        foreach (var block in h)
        {
            x = block.Forward(x, blocked);
            hidden?.Add(x);
        }
        return x;
    }

    private Tensor Logits(Tensor last) => ln_f.forward(last).matmul(wte.weight!.t());
}
