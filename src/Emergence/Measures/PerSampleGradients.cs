using Emergence.Models;
using Emergence.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Measures;

/// <summary>
/// Per-example gradients g_n = grad_w l_n(w) of <see cref="AnswerLoss.PerExample"/> (the loss of a batch of one) for every example
/// of a batch, over all parameters in <c>named_parameters</c> order. Two implementations that
/// must agree (tested):
/// <list type="bullet">
/// <item><see cref="Looped(Gpt, TokenBatch)"/>: one backward pass per example (the plain definition).</item>
/// <item><see cref="Batched"/>: one forward and one backward pass for the whole batch through
/// <see cref="GptTape"/>, which keeps each layer's input a and the gradient of the summed loss
/// with respect to its output delta; because examples do not interact in the model, delta_n
/// depends on l_n alone, and per-example parameter gradients follow in closed form (Goodfellow
/// 2015, "Efficient per-example gradient computations"):
/// <code>
///   Linear  y = a W^T + b:     grad_W l_n = sum_t delta_{n,t} a_{n,t}^T,   grad_b l_n = sum_t delta_{n,t}
///   LayerNorm y = xhat * g + b: grad_g l_n = sum_t delta_{n,t} * xhat_{n,t}, grad_b l_n = sum_t delta_{n,t}
///   Embedding rows:             grad_E l_n = sum_t onehot(token_{n,t}) delta_{n,t}^T (+ the tied output use)
/// </code></item>
/// </list>
/// </summary>
internal static class PerSampleGradients
{
    /// <summary>G = [N, P] (float32), one backward pass per example.</summary>
    public static Tensor Looped(Gpt model, TokenBatch batch) =>
        Looped(model.parameters().ToArray(), batch.Count, i =>
        {
            var one = new TokenBatch
            {
                Inputs = batch.Inputs.narrow(0, i, 1), Targets = batch.Targets.narrow(0, i, 1), LossMask = batch.LossMask.narrow(0, i, 1),
                LastPromptPositions = [batch.LastPromptPositions[i]], Length = batch.Length,
            };
            return AnswerLoss.PerExample(model.forward(one.Inputs), one).sum();
        }, float32);

    /// <summary>
    /// G = [N, P] as <paramref name="dtype"/>, row n = grad_w of <paramref name="exampleLoss"/>(n) over
    /// <paramref name="parameters"/> (flattened in their order), one backward pass per example. Each
    /// loss is built and differentiated in its own dispose scope; <paramref name="retainGraph"/> keeps
    /// a graph that several example losses share (e.g. one forward pass over the whole batch).
    /// Every parameter must take part in every loss (TorchSharp aborts the process otherwise).
    /// </summary>
    public static Tensor Looped(IReadOnlyList<Tensor> parameters, int count, Func<int, Tensor> exampleLoss, ScalarType dtype,
        bool retainGraph = false)
    {
        long p = ParameterVectors.Count(parameters);
        var g = torch.zeros([count, p], dtype: dtype, device: parameters[0].device);
        for (int i = 0; i < count; i++)
        {
            using var scope = torch.NewDisposeScope();
            var grads = torch.autograd.grad([exampleLoss(i)], [.. parameters], retain_graph: retainGraph);
            using (torch.no_grad()) g[i].copy_(ParameterVectors.Flatten(grads, dtype));
        }
        return g;
    }

    /// <summary>
    /// Per-example gradient blocks [N, numel] per parameter, in named_parameters order, from one
    /// batched forward and backward pass. The blocks belong to the caller's dispose scope.
    /// </summary>
    public static IReadOnlyList<(string Name, Tensor Block)> Batched(Gpt model, TokenBatch batch) => [.. Streamed(model, batch)];

    /// <summary>
    /// The blocks of <see cref="Batched"/> (the same numbers), each computed only when the
    /// enumeration reaches it, so that a caller that disposes a block before taking the next holds
    /// one block at a time instead of the whole N x P matrix.
    /// </summary>
    public static IEnumerable<(string Name, Tensor Block)> Streamed(Gpt model, TokenBatch batch)
    {
        var tape = GptTape.Run(model, batch.Inputs);
        var total = AnswerLoss.PerExample(tape.Logits, batch).sum();
        var deltas = torch.autograd.grad([total], [.. tape.Outputs]);
        var delta = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < tape.Outputs.Count; i++) delta[tape.Outputs[i]] = deltas[i];

        long n = batch.Count;
        var blocks = new Dictionary<string, Func<Tensor>>();
        foreach (var (name, record) in tape.Records)
        {
            var d = delta[record.Output];
            switch (record.Kind)
            {
                case GptTape.Kind.Linear:
                    blocks[name + ".weight"] = () => torch.einsum("nto,nti->noi", d, record.Input).reshape(n, -1);
                    blocks[name + ".bias"] = () => d.sum(1);
                    break;
                case GptTape.Kind.LayerNorm:
                    blocks[name + ".weight"] = () => (d * record.Input).sum(1);
                    blocks[name + ".bias"] = () => d.sum(1);
                    break;
            }
        }
        // Embeddings: x_0 = wte[tokens] + wpe[positions]; the output layer reuses wte (tied).
        var d0 = delta[tape.EmbeddingOutput];
        blocks["wte.weight"] = () =>
        {
            var onehot = nn.functional.one_hot(batch.Inputs, model.Config.VocabSize).to(d0.dtype);
            var wte = torch.einsum("ntv,ntd->nvd", onehot, d0).Plus(torch.einsum("ntv,ntd->nvd", delta[tape.Logits], tape.FinalNormOutput));
            return wte.reshape(n, -1);
        };
        blocks["wpe.weight"] = () =>
        {
            var wpe = torch.zeros([n, model.Config.Context, model.Config.DModel], dtype: d0.dtype, device: d0.device);
            wpe.narrow(1, 0, batch.Inputs.shape[1]).copy_(d0);
            return wpe.reshape(n, -1);
        };

        foreach (var (name, _) in model.named_parameters())
        {
            if (!blocks.TryGetValue(name, out var block))
                throw new InvalidOperationException($"no per-example gradient for parameter '{name}'");
            Tensor computed;
            using (torch.NewDisposeScope())   // the block's temporaries go, the block alone remains
            using (torch.no_grad())
                computed = block().MoveToOuterDisposeScope();
            yield return (name, computed);
        }
    }
}
