namespace Emergence.Pythia.Global;

/// <summary>
/// The weights of the current checkpoint of a sweep and, when kept (for the update size), those of
/// the previous one; disposes each when it is no longer needed.
/// </summary>
internal sealed class PreviousWeights : IDisposable
{
    private NeoXWeights? _current;
    private long _currentStep;
    private bool _keep;

    /// <summary>The previous checkpoint's weights (null at the first checkpoint or when not kept).</summary>
    public NeoXWeights? Weights { get; private set; }
    public long Step { get; private set; }

    /// <summary>Takes ownership of the current checkpoint's weights and returns them.</summary>
    public NeoXWeights Hold(NeoXWeights weights, long step, bool keep)
    {
        _current?.Dispose();
        _current = weights;
        _currentStep = step;
        _keep = keep;
        return weights;
    }

    /// <summary>The current checkpoint is done: it becomes the previous one (if kept), else is released.</summary>
    public void Advance()
    {
        Weights?.Dispose();
        Weights = null;
        if (_keep)
        {
            Weights = _current;
            Step = _currentStep;
        }
        else _current?.Dispose();
        _current = null;
    }

    public void Dispose()
    {
        _current?.Dispose();
        Weights?.Dispose();
        _current = Weights = null;
    }
}
