namespace Emergence.Analysis;

/// <summary>The loss barrier of one interpolation path, with the α where it is reached.</summary>
public sealed record LossBarrierResult(double Barrier, double Alpha, double LossStart, double LossEnd);

/// <summary>
/// Linear-interpolation loss barrier (Vlaar and Frankle 2022): along w(α) = (1 − α) w_a + α w_b,
/// <code>
///   B = max over α of [ L(w(α)) − ((1 − α) L(w_a) + α L(w_b)) ]
/// </code>
/// on the grid α_i = i / (K − 1), i = 0..K−1 (K ≥ 11). The end points contribute 0, so B ≥ 0; B = 0 means
/// the loss never rises above the straight line between the end losses (linear mode connectivity).
/// </summary>
public static class LossBarrier
{
    /// <summary>Fewest points of the interpolation grid (alpha = 0, 0.1, …, 1).</summary>
    public const int MinimumPoints = 11;

    /// <summary>Evenly spaced alpha in [0, 1], both ends included; throws <see cref="ArgumentException"/> below <see cref="MinimumPoints"/>.</summary>
    public static double[] Grid(int points)
    {
        if (points < MinimumPoints) throw new ArgumentException($"--points {points}: the α grid needs at least {MinimumPoints} points.");
        return [.. Enumerable.Range(0, points).Select(i => (double)i / (points - 1))];
    }

    /// <summary><paramref name="losses"/>[i] = L(w(α_i)); α_0 = 0 and α_last = 1.</summary>
    public static LossBarrierResult Of(IReadOnlyList<double> alphas, IReadOnlyList<double> losses)
    {
        if (alphas.Count != losses.Count || alphas.Count < 2 || alphas[0] != 0 || alphas[^1] != 1)
            throw new ArgumentException("the α grid must run from 0 to 1 with one loss per α");
        double start = losses[0], end = losses[^1], best = 0, at = 0;
        for (int i = 0; i < alphas.Count; i++)
        {
            double excess = losses[i] - ((1 - alphas[i]) * start + alphas[i] * end);
            if (excess > best) (best, at) = (excess, alphas[i]);
        }
        return new LossBarrierResult(best, at, start, end);
    }

    /// <summary>The barrier of a loss along the straight path, evaluated on the grid.</summary>
    public static LossBarrierResult Of(Func<double, double> loss, int points = MinimumPoints)
    {
        var grid = Grid(points);
        return Of(grid, [.. grid.Select(loss)]);
    }
}
