namespace Emergence.Analysis;

/// <summary>The lag of the largest |r| and its correlation; <c>Found</c> is false when no lag had one.</summary>
internal readonly record struct CorrelationPeak(int Lag, double R, bool Found);

/// <summary>
/// Lagged cross-correlation of first differences (PROTOCOL §5).
/// <para>
/// Alignment: only checkpoints where both the measure m and the accuracy a are recorded are kept, in
/// step order, and re-indexed t = 0..n−1 ("checkpoint index"). First differences Δm_t = m_(t+1) − m_t and
/// Δa_t = a_(t+1) − a_t, t = 0..n−2.
/// </para>
/// <para>
/// Sign convention: r(ℓ) = Pearson correlation of the pairs (Δm_(t+ℓ), Δa_t) over all t with both indices
/// inside the series. A measure whose changes come k checkpoints before the accuracy's
/// (Δm_t ≈ Δa_(t+k)) peaks at ℓ = −k: <b>negative lag = the measure leads</b>, positive = it lags.
/// </para>
/// <para>
/// Pooling: several segments (e.g. the three levels of a task) contribute their pairs to one Pearson
/// correlation per lag; pairs never straddle segments. A lag with fewer than the minimum number of pairs,
/// or with a constant side (Σ(x−x̄)² ≤ 1e-24 Σx²), has no correlation (NaN).
/// </para>
/// </summary>
internal static class CrossCorrelation
{
    /// <summary>Keeps the checkpoints where both series are recorded and first-differences each.</summary>
    public static (double[] Measure, double[] Accuracy) AlignedDifferences(double[] measure, double[] accuracy)
    {
        var m = new List<double>();
        var a = new List<double>();
        for (int i = 0; i < Math.Min(measure.Length, accuracy.Length); i++)
        {
            if (double.IsNaN(measure[i]) || double.IsNaN(accuracy[i]) || double.IsInfinity(measure[i])) continue;
            m.Add(measure[i]);
            a.Add(accuracy[i]);
        }
        return (FirstDifference(m), FirstDifference(a));
    }

    /// <summary>Δx_t = x_(t+1) − x_t.</summary>
    public static double[] FirstDifference(IReadOnlyList<double> x)
    {
        if (x.Count < 2) return [];
        var d = new double[x.Count - 1];
        for (int t = 0; t < d.Length; t++) d[t] = x[t + 1] - x[t];
        return d;
    }

    /// <summary>
    /// r(ℓ) for ℓ = −maxLag..maxLag, stored at index ℓ + maxLag. Same value as <see cref="AtLag"/> up to
    /// rounding, computed faster: each side is centred by its mean over all segments, window sums of x, x², y,
    /// y² come from prefix sums, and only Σxy needs a pass per lag; r = (Σxy − ΣxΣy/n) /
    /// sqrt((Σx² − (Σx)²/n)(Σy² − (Σy)²/n)). A side whose window variance is at most 1e-12 of its raw sum of
    /// squares counts as constant.
    /// </summary>
    public static double[] Correlations(IReadOnlyList<(double[] Measure, double[] Accuracy)> segments, int maxLag, int minPairs)
    {
        var prepared = Prepare(segments);
        var r = new double[2 * maxLag + 1];
        for (int lag = -maxLag; lag <= maxLag; lag++) r[lag + maxLag] = AtLagFast(prepared, lag, minPairs);
        return r;
    }

    private sealed class Prepared(double[] x, double[] y, double[] px, double[] pxx, double[] py, double[] pyy, double[] rawXx, double[] rawYy)
    {
        public double[] X = x, Y = y, Px = px, Pxx = pxx, Py = py, Pyy = pyy, RawXx = rawXx, RawYy = rawYy;
    }

    private static List<Prepared> Prepare(IReadOnlyList<(double[] Measure, double[] Accuracy)> segments)
    {
        double sx = 0, sy = 0;
        int count = 0;
        foreach (var (m, a) in segments)
        {
            int len = Math.Min(m.Length, a.Length);
            for (int t = 0; t < len; t++) { sx += m[t]; sy += a[t]; }
            count += len;
        }
        double mx = count == 0 ? 0 : sx / count, my = count == 0 ? 0 : sy / count;
        var prepared = new List<Prepared>(segments.Count);
        foreach (var (m, a) in segments)
        {
            int len = Math.Min(m.Length, a.Length);
            var x = new double[len];
            var y = new double[len];
            double[] px = new double[len + 1], pxx = new double[len + 1], py = new double[len + 1], pyy = new double[len + 1],
                rxx = new double[len + 1], ryy = new double[len + 1];
            for (int t = 0; t < len; t++)
            {
                x[t] = m[t] - mx;
                y[t] = a[t] - my;
                px[t + 1] = px[t] + x[t];
                pxx[t + 1] = pxx[t] + x[t] * x[t];
                py[t + 1] = py[t] + y[t];
                pyy[t + 1] = pyy[t] + y[t] * y[t];
                rxx[t + 1] = rxx[t] + m[t] * m[t];
                ryy[t + 1] = ryy[t] + a[t] * a[t];
            }
            prepared.Add(new Prepared(x, y, px, pxx, py, pyy, rxx, ryy));
        }
        return prepared;
    }

    private static double AtLagFast(List<Prepared> segments, int lag, int minPairs)
    {
        int n = 0;
        double sx = 0, sxx = 0, sy = 0, syy = 0, sxy = 0, rawX = 0, rawY = 0;
        foreach (var s in segments)
        {
            int len = s.X.Length;
            int t0 = Math.Max(0, -lag), t1 = Math.Min(len, len - lag); // t in [t0, t1): x index t+lag, y index t
            if (t1 <= t0) continue;
            n += t1 - t0;
            sx += s.Px[t1 + lag] - s.Px[t0 + lag];
            sxx += s.Pxx[t1 + lag] - s.Pxx[t0 + lag];
            rawX += s.RawXx[t1 + lag] - s.RawXx[t0 + lag];
            sy += s.Py[t1] - s.Py[t0];
            syy += s.Pyy[t1] - s.Pyy[t0];
            rawY += s.RawYy[t1] - s.RawYy[t0];
            var x = s.X;
            var y = s.Y;
            for (int t = t0; t < t1; t++) sxy += x[t + lag] * y[t];
        }
        if (n < minPairs) return double.NaN;
        double vx = sxx - sx * sx / n, vy = syy - sy * sy / n;
        if (vx <= 1e-12 * rawX || vy <= 1e-12 * rawY || vx <= 0 || vy <= 0) return double.NaN;
        return Math.Clamp((sxy - sx * sy / n) / Math.Sqrt(vx * vy), -1, 1);
    }

    /// <summary>Pearson r of the pairs (Δm_(t+ℓ), Δa_t) pooled over segments (reference two-pass form, centred sums).</summary>
    public static double AtLag(IReadOnlyList<(double[] Measure, double[] Accuracy)> segments, int lag, int minPairs)
    {
        int n = 0;
        double sx = 0, sy = 0;
        foreach (var (m, a) in segments)
        {
            int len = Math.Min(m.Length, a.Length);
            for (int t = Math.Max(0, -lag); t < len && t + lag < len; t++)
            {
                sx += m[t + lag];
                sy += a[t];
                n++;
            }
        }
        if (n < minPairs) return double.NaN;
        double mx = sx / n, my = sy / n, sxx = 0, syy = 0, sxy = 0, rx = 0, ry = 0;
        foreach (var (m, a) in segments)
        {
            int len = Math.Min(m.Length, a.Length);
            for (int t = Math.Max(0, -lag); t < len && t + lag < len; t++)
            {
                double dx = m[t + lag] - mx, dy = a[t] - my;
                sxx += dx * dx;
                syy += dy * dy;
                sxy += dx * dy;
                rx += m[t + lag] * m[t + lag];
                ry += a[t] * a[t];
            }
        }
        if (sxx <= 1e-24 * rx || syy <= 1e-24 * ry || sxx == 0 || syy == 0) return double.NaN;
        return Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1, 1);
    }

    /// <summary>
    /// The lag with the largest |r(ℓ)|; ties go to the smaller |ℓ|, then to the non-negative lag (the
    /// conservative choice: a tie never makes a precursor).
    /// </summary>
    public static CorrelationPeak Peak(double[] r, int maxLag)
    {
        int bestLag = 0;
        double best = double.NaN;
        for (int lag = -maxLag; lag <= maxLag; lag++)
        {
            double v = r[lag + maxLag];
            if (double.IsNaN(v)) continue;
            if (double.IsNaN(best) || Math.Abs(v) > Math.Abs(best) ||
                (Math.Abs(v) == Math.Abs(best) && (Math.Abs(lag) < Math.Abs(bestLag) || (Math.Abs(lag) == Math.Abs(bestLag) && lag > bestLag))))
            {
                best = v;
                bestLag = lag;
            }
        }
        return double.IsNaN(best) ? new CorrelationPeak(0, double.NaN, false) : new CorrelationPeak(bestLag, best, true);
    }

    /// <summary>Precursor rule: peak at a negative lag (measure leads) with |r| &gt; threshold.</summary>
    public static bool IsPrecursor(CorrelationPeak peak, double threshold) => peak.Found && peak.Lag < 0 && Math.Abs(peak.R) > threshold;

    /// <summary>Null statistic S = |r_peak| when the peak lag is negative, else 0 (precursor ⟺ S &gt; threshold).</summary>
    public static double LeadStatistic(CorrelationPeak peak) => peak.Found && peak.Lag < 0 ? Math.Abs(peak.R) : 0;
}
