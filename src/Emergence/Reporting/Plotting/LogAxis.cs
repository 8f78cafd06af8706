using ScottPlot;
using ScottPlot.TickGenerators;

namespace Emergence.Reporting.Plotting;

/// <summary>
/// Logarithmic axes for ScottPlot, which has none built in: values are plotted as log10 and the
/// axis gets decade ticks labelled in the original units (1, 10, 100, 1k, 10k, ...).
/// Non-positive values cannot be shown and are dropped by <see cref="Log10Pairs"/>.
/// </summary>
internal static class LogAxis
{
    /// <summary>Pairs (log10 x, y) for the points with x &gt; 0 and finite y.</summary>
    public static (double[] LogX, double[] Y) Log10Pairs(IReadOnlyList<long> xs, IReadOnlyList<double> ys)
    {
        var logX = new List<double>(xs.Count);
        var y = new List<double>(xs.Count);
        for (int i = 0; i < Math.Min(xs.Count, ys.Count); i++)
        {
            if (xs[i] <= 0 || !double.IsFinite(ys[i])) continue;
            logX.Add(Math.Log10(xs[i]));
            y.Add(ys[i]);
        }
        return ([.. logX], [.. y]);
    }

    /// <summary>Decade ticks (and 2..9 minor ticks) over [<paramref name="minLog"/>, <paramref name="maxLog"/>].</summary>
    public static ITickGenerator DecadeTicks(double minLog, double maxLog)
    {
        var ticks = new NumericManual();
        int first = (int)Math.Floor(minLog), last = (int)Math.Ceiling(maxLog);
        if (last == first) last = first + 1;
        for (int decade = first; decade <= last; decade++)
        {
            ticks.AddMajor(decade, Label(Math.Pow(10, decade)));
            if (decade == last) break;
            for (int k = 2; k <= 9; k++) ticks.AddMinor(decade + Math.Log10(k));
        }
        return ticks;
    }

    /// <summary>Makes the bottom axis show log10 data in original units.</summary>
    public static void ApplyX(Plot plot, double minLog, double maxLog)
    {
        plot.Axes.Bottom.TickGenerator = DecadeTicks(minLog, maxLog);
        plot.Axes.SetLimitsX(minLog - 0.05, maxLog + 0.05);
    }

    /// <summary>Makes the left axis show log10 data in original units.</summary>
    public static void ApplyY(Plot plot, double minLog, double maxLog)
    {
        plot.Axes.Left.TickGenerator = DecadeTicks(minLog, maxLog);
        plot.Axes.SetLimitsY(minLog - 0.1, maxLog + 0.1);
    }

    /// <summary>Short label for a power of ten: 1, 10, 100, 1k, 10k, 100k, 1M.</summary>
    public static string Label(double value) => value switch
    {
        >= 1e6 => $"{value / 1e6:0.#}M",
        >= 1e3 => $"{value / 1e3:0.#}k",
        >= 1 => $"{value:0}",
        _ => $"{value:0.###}",
    };
}
