using Emergence.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Measures.Library;

/// <summary>
/// The project's measures for any TorchSharp model: a module, a loss closure and a source of
/// batches, in the spirit of devinterp (LLC) and PyHessian (Hessian spectrum) for PyTorch. The
/// measures are the ones the project records for its GPT, run by the same code:
/// <see cref="Measures.Llc"/>, <see cref="Measures.Hessian"/>, <see cref="Measures.GradientSpectra"/>
/// and <see cref="Measures.RankMe"/> (formulas and references in their documentation).
/// <para>The loss closure returns one loss per example of a batch, shape [N] (e.g. cross-entropy
/// with no reduction); the training loss is their mean. It must run the module's forward pass
/// itself, so that the graph reaches the parameters. Each measure runs the module in evaluation
/// mode (<c>eval()</c>: no dropout, batch norm on its running statistics) and puts its mode back;
/// the weights are read, never changed (the LLC moves them during sampling and restores them bit
/// for bit). Every parameter measured must take part in the loss.</para>
/// Tensors made by a measure are released by it; call it inside your own
/// <c>torch.NewDisposeScope()</c> to release the batches too.
/// </summary>
/// <typeparam name="TBatch">What the loss closure takes, e.g. <c>(Tensor X, Tensor Y)</c>.</typeparam>
public sealed class ModelMeasures<TBatch>
{
    private readonly nn.Module _module;
    private readonly Func<TBatch, Tensor> _exampleLosses;
    private readonly Tensor[] _parameters;

    /// <summary>Measures of <paramref name="module"/>'s loss.</summary>
    /// <param name="module">The model (its mode is switched to eval during each measure).</param>
    /// <param name="exampleLosses">Loss of every example of a batch, shape [N], computed through the module.</param>
    /// <param name="data">The batches.</param>
    /// <param name="parameters">The parameters w the measures differentiate (default: every parameter of
    /// the module that requires gradients), flattened in this order.</param>
    /// <exception cref="ArgumentException">No parameter requires gradients, or the parameters differ in dtype or device.</exception>
    public ModelMeasures(nn.Module module, Func<TBatch, Tensor> exampleLosses, BatchSource<TBatch> data, IEnumerable<Tensor>? parameters = null)
    {
        _module = module;
        _exampleLosses = exampleLosses;
        Data = data;
        _parameters = [.. parameters ?? module.parameters().Where(p => p.requires_grad)];
        if (_parameters.Length == 0) throw new ArgumentException("no parameter to measure: none requires gradients", nameof(parameters));
        if (_parameters.Any(p => p.dtype != _parameters[0].dtype || p.device_type != _parameters[0].device_type))
            throw new ArgumentException("the parameters must share one dtype and device", nameof(parameters));
    }

    /// <summary>The batches the measures read.</summary>
    public BatchSource<TBatch> Data { get; }

    /// <summary>The parameters measured, in the order of the flat parameter vector w.</summary>
    public IReadOnlyList<Tensor> Parameters => _parameters;

    /// <summary>P, the number of scalar parameters measured.</summary>
    public long ParameterCount => ParameterVectors.Count(_parameters);

    /// <summary>The loss closure's value on <paramref name="batch"/>, checked to be one loss per example.</summary>
    /// <exception cref="ArgumentException">The closure returned something other than a non-empty vector.</exception>
    public Tensor ExampleLosses(TBatch batch)
    {
        var losses = _exampleLosses(batch);
        if (losses.dim() != 1 || losses.shape[0] == 0)
            throw new ArgumentException($"the loss closure must return one loss per example, shape [N] with N >= 1 (got shape [{string.Join(", ", losses.shape)}])");
        return losses;
    }

    /// <summary>
    /// The local learning coefficient at the current weights by SGLD (<see cref="Measures.Llc"/>):
    /// the estimate with its per-chain values, standard error, MALA acceptance and flags
    /// (<see cref="LlcResult"/>). Batch index i of the source is minibatch i of the chains and of the
    /// L(w*) set. Set <see cref="LlcOptions.BatchSize"/> to your batch size (it sets the default
    /// n_beta = B / ln B), and choose epsilon, gamma and n_beta for your model: the presets are the
    /// GPT protocol's. With a finite list of batches, the L(w*) set is capped at the list's length
    /// (<see cref="LlcOptions.InitLossBatches"/> of the result says how many were used).
    /// </summary>
    /// <exception cref="ArgumentException">A setting is out of range (the message names it).</exception>
    public LlcResult Llc(LlcOptions options)
    {
        if (Data.Count is int count && options.InitLossBatches > count) options = options with { InitLossBatches = count };
        using var mode = EvaluationMode.Enter(_module);
        return Measures.Llc.Estimate(_parameters, i => ExampleLosses(Data.Get(i)).mean(), options);
    }

    /// <summary>
    /// The Hessian of the mean loss on batch <paramref name="batch"/> at the current weights
    /// (<see cref="Measures.Hessian"/>): the top-k eigenvalues by Lanczos with their residuals and
    /// converged flags, the smallest Ritz value, the trace with its standard error, and a power
    /// iteration check. <see cref="HessianOptions.BatchSize"/> and <see cref="HessianOptions.BatchSeed"/>
    /// are the GPT protocol's and are not used here: the batch is the source's.
    /// </summary>
    /// <exception cref="ArgumentException">A setting is out of range (the message names it).</exception>
    public HessianResult Hessian(HessianOptions options, long batch = 0)
    {
        options.Validate();
        using var mode = EvaluationMode.Enter(_module);
        var data = Data.Get(batch);
        return Measures.Hessian.Compute(() => ExampleLosses(data).mean(), _parameters, options);
    }

    /// <summary>
    /// Per-example gradients G = [N, P] of <paramref name="batch"/> (row n = grad_w of example n's
    /// loss), in the parameters' dtype: one forward pass and N backward passes
    /// (<see cref="PerSampleGradients.Looped(IReadOnlyList{Tensor}, int, Func{int, Tensor}, ScalarType, bool)"/>).
    /// The result belongs to the caller's dispose scope.
    /// </summary>
    public Tensor PerExampleGradients(TBatch batch)
    {
        using var scope = torch.NewDisposeScope();
        using var mode = EvaluationMode.Enter(_module);
        var losses = ExampleLosses(batch);
        var g = PerSampleGradients.Looped(_parameters, (int)losses.shape[0], i => losses[i], _parameters[0].dtype, retainGraph: true);
        return scope.MoveToOuter(g);
    }

    /// <summary>
    /// Fisher and gradient-covariance spectra and effective ranks of batch <paramref name="batch"/>'s
    /// per-example gradients (<see cref="GradientSpectraResult"/>; the GPT protocol uses 200 examples
    /// and <paramref name="top"/> = 20).
    /// </summary>
    /// <exception cref="ArgumentException">The batch has fewer than 2 examples, or <paramref name="top"/> is not positive.</exception>
    public GradientSpectraResult GradientSpectra(long batch = 0, int top = 20)
    {
        if (top < 1) throw new ArgumentException($"top must be a positive number of eigenvalues (got {top})", nameof(top));
        using var scope = torch.NewDisposeScope();
        var g = PerExampleGradients(Data.Get(batch));
        int n = (int)g.shape[0];
        if (n < 2) throw new ArgumentException($"the gradient spectra need a batch of at least 2 examples (got {n})");
        var gram = Measures.GradientSpectra.Grams([g], g.shape[1]).Gram;
        var fisher = Spectra.SymmetricEigenvalues(gram);
        var centred = Measures.GradientSpectra.CentredGramEigenvalues(gram);
        var (all, topRank) = Measures.GradientSpectra.FisherEffectiveRank(fisher, top);
        return new GradientSpectraResult(n, g.shape[1], [.. fisher.Select(v => v / n)], [.. centred.Select(v => v / (n - 1))],
            all, topRank, top, Spectra.EffectiveRank(centred));
    }
}
