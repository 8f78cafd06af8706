using Emergence.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Measures.Library;

/// <summary>Entry points: <see cref="For{TBatch}"/> makes a <see cref="ModelMeasures{TBatch}"/>;
/// <see cref="RankMe(Tensor)"/> measures a representation.</summary>
public static class ModelMeasures
{
    /// <summary>Measures of <paramref name="module"/>'s loss; the batch type is taken from <paramref name="data"/>.
    /// See <see cref="ModelMeasures{TBatch}(nn.Module, Func{TBatch, Tensor}, BatchSource{TBatch}, IEnumerable{Tensor})"/>.</summary>
    public static ModelMeasures<TBatch> For<TBatch>(nn.Module module, Func<TBatch, Tensor> exampleLosses, BatchSource<TBatch> data,
        IEnumerable<Tensor>? parameters = null) => new(module, exampleLosses, data, parameters);

    /// <summary>
    /// RankMe and its variants (<see cref="Measures.RankMe"/>, <see cref="RankMeValues"/>) of a
    /// representation matrix Z = [N, d] (rows = examples; not centred), computed in float64.
    /// </summary>
    /// <exception cref="ArgumentException">Z is not a matrix with at least 2 rows.</exception>
    public static RankMeValues RankMe(Tensor representations) => Measures.RankMe.ComputeAll(representations);

    /// <summary>
    /// RankMe of the output of <paramref name="encoder"/> (e.g. the layers of a model up to a
    /// hidden layer) on <paramref name="inputs"/>: one forward pass in evaluation mode with no
    /// gradient, each example's output flattened to a row of Z = [N, d].
    /// </summary>
    public static RankMeValues RankMe(nn.Module<Tensor, Tensor> encoder, Tensor inputs)
    {
        using var scope = torch.NewDisposeScope();
        using var mode = EvaluationMode.Enter(encoder);
        using var _ = torch.no_grad();
        var z = encoder.forward(inputs);
        return RankMe(z.reshape(z.shape[0], -1));
    }
}
