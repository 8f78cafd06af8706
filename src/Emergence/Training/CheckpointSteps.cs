using System.Collections;

namespace Emergence.Training;

/// <summary>
/// A sorted list of checkpoint steps held as a few explicit early steps followed by disjoint,
/// increasing arithmetic progressions; count, index and membership are computed without
/// enumerating, and no sum of steps can overflow (every step is at most the run's last).
/// </summary>
public sealed class CheckpointSteps : IReadOnlyList<long>
{
    /// <summary><paramref name="Count"/> steps <paramref name="First"/>, First + Stride, ...</summary>
    public readonly record struct Segment(long First, long Stride, long Count)
    {
        /// <summary>The segment's last step.</summary>
        public long Last => First + (Count - 1) * Stride;
        /// <summary>Whether the step is one of the segment's.</summary>
        public bool Contains(long step) => step >= First && step <= Last && (step - First) % Stride == 0;
    }

    private readonly long[] _early;
    private readonly IReadOnlyList<Segment> _segments;

    /// <summary>The sorted early steps followed by the segments (each after the previous).</summary>
    public CheckpointSteps(long[] early, IReadOnlyList<Segment> segments)
    {
        _early = early;
        _segments = segments;
        long count = early.LongLength + segments.Sum(s => s.Count);
        Count = count > int.MaxValue
            ? throw new ArgumentOutOfRangeException(nameof(segments), count, "more checkpoints than a list can index")
            : (int)count;
    }

    /// <summary>Number of checkpoint steps.</summary>
    public int Count { get; }

    /// <summary>The step at a position (0-based).</summary>
    public long this[int index]
    {
        get
        {
            if (index < 0 || index >= Count) throw new ArgumentOutOfRangeException(nameof(index));
            if (index < _early.Length) return _early[index];
            long rest = index - _early.Length;
            foreach (var segment in _segments)
            {
                if (rest < segment.Count) return segment.First + rest * segment.Stride;
                rest -= segment.Count;
            }
            throw new InvalidOperationException("unreachable: index checked against Count");
        }
    }

    /// <summary>Whether the step is a checkpoint.</summary>
    public bool Contains(long step) => Array.BinarySearch(_early, step) >= 0 || _segments.Any(s => s.Contains(step));

    /// <summary>The position (0-based) of a checkpoint step, or -1 when the step is not a checkpoint.</summary>
    public int IndexOf(long step)
    {
        int early = Array.BinarySearch(_early, step);
        if (early >= 0) return early;
        long offset = _early.Length;
        foreach (var segment in _segments)
        {
            if (segment.Contains(step)) return (int)(offset + (step - segment.First) / segment.Stride);
            offset += segment.Count;
        }
        return -1;
    }

    /// <summary>The steps in increasing order.</summary>
    public IEnumerator<long> GetEnumerator()
    {
        foreach (var step in _early) yield return step;
        foreach (var segment in _segments)
            for (long i = 0; i < segment.Count; i++) yield return segment.First + i * segment.Stride;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
