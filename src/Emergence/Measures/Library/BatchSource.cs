namespace Emergence.Measures.Library;

/// <summary>
/// The data a measure reads, as batches named by an index 0, 1, 2, ... (the LLC's chains and its
/// L(w*) set ask for distinct indices; the Hessian and the gradient spectra read one batch). A batch
/// is whatever the loss closure of <see cref="ModelMeasures{TBatch}"/> takes, e.g. an (inputs,
/// targets) pair of tensors. Make one with <see cref="BatchSource.Cycle{TBatch}"/> or
/// <see cref="BatchSource.FromFunction{TBatch}"/>.
/// </summary>
/// <typeparam name="TBatch">The batch type of the loss closure.</typeparam>
public sealed class BatchSource<TBatch>
{
    private readonly Func<long, TBatch> _batch;

    internal BatchSource(Func<long, TBatch> batch, int? count)
    {
        _batch = batch;
        Count = count;
    }

    /// <summary>The number of distinct batches, or null when every index gives a new batch.</summary>
    public int? Count { get; }

    /// <summary>Batch number <paramref name="index"/> (0 or more).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is negative.</exception>
    public TBatch Get(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return _batch(index);
    }
}

/// <summary>Ways to make a <see cref="BatchSource{TBatch}"/>.</summary>
public static class BatchSource
{
    /// <summary>
    /// A fixed list of batches, read in turn: index i is batch i mod <c>batches.Count</c>. With a
    /// list, the LLC's L(w*) set is at most the whole list (see <see cref="ModelMeasures{TBatch}.Llc"/>).
    /// </summary>
    /// <param name="batches">At least one batch; the list is not copied, so keep it unchanged.</param>
    /// <exception cref="ArgumentException">The list is empty.</exception>
    public static BatchSource<TBatch> Cycle<TBatch>(IReadOnlyList<TBatch> batches)
    {
        if (batches.Count == 0) throw new ArgumentException("the batch list is empty (at least one batch is needed)", nameof(batches));
        return new BatchSource<TBatch>(i => batches[(int)(i % batches.Count)], batches.Count);
    }

    /// <summary>
    /// Batches made on demand: <paramref name="batch"/>(i) must return the same batch for the same i
    /// (e.g. drawn from a generator seeded with i), so that a measure is reproducible.
    /// </summary>
    public static BatchSource<TBatch> FromFunction<TBatch>(Func<long, TBatch> batch) => new(batch, null);
}
