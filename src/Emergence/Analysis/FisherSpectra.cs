using Emergence.Storage;
using Emergence.Tasks;

namespace Emergence.Analysis;

/// <summary>
/// The stored Fisher spectra of a run (docs/metrics.md: <c>fisher_eig</c>, <c>fisher_eig_count</c>,
/// <c>fisher_examples</c>, <c>fisher_parameters</c>). The spectrum of a task-level at a checkpoint is its
/// n stored non-zero eigenvalues λ_1 ≥ … ≥ λ_n followed by N − n zeros (N examples), so a function of the
/// spectrum sees all N eigenvalues of the Gram, as the measure computed them.
/// </summary>
public static class FisherSpectra
{
    /// <summary>The spectrum at every checkpoint (null where not recorded), or null when the run stores none for the task-level.</summary>
    public static double[]?[]? Of(RunData run, TaskKind task, int level)
    {
        var count = run.Get(MetricNames.FisherEigCount, task.Name(), level, -1);
        var examples = run.Get(MetricNames.FisherExamples, task.Name(), level, -1);
        if (count is null || examples is null) return null;
        var ranks = new List<double[]?>();
        var spectra = new double[]?[run.Steps.Count];
        for (int i = 0; i < spectra.Length; i++)
        {
            if (double.IsNaN(count[i]) || double.IsNaN(examples[i])) continue;
            int n = (int)count[i];
            while (ranks.Count < n) ranks.Add(run.Get(MetricNames.FisherEig, task.Name(), level, ranks.Count + 1));
            var spectrum = new double[Math.Max(n, (int)examples[i])];
            bool whole = true;
            for (int k = 0; k < n && whole; k++)
                whole = ranks[k] is { } series && !double.IsNaN(spectrum[k] = series[i]);
            if (whole) spectra[i] = spectrum;
        }
        return spectra;
    }

    /// <summary>
    /// f(spectrum, P) of the task: the mean over its recorded levels at each checkpoint (NaN where no level is
    /// recorded); null when no level stores a spectrum. P = <c>fisher_parameters</c> (0 where not recorded).
    /// </summary>
    public static double[]? TaskSeries(RunData run, TaskKind task, Func<double[], long, double> f)
    {
        var parameters = run.Get(MetricNames.FisherParameters, "", 0, -1);
        var levels = Enumerable.Range(1, TaskLevel.Levels).Select(l => Of(run, task, l)).OfType<double[]?[]>()
            .Select(spectra => spectra.Select((s, i) => s is null ? double.NaN
                : f(s, parameters is null || double.IsNaN(parameters[i]) ? 0 : (long)parameters[i])).ToArray()).ToList();
        return levels.Count == 0 ? null : MeanOverLevels(levels, run.Steps.Count);
    }

    /// <summary>Mean over the series of the values recorded at each checkpoint; NaN where none is.</summary>
    public static double[] MeanOverLevels(IReadOnlyList<double[]> levels, int checkpoints) =>
        [.. Enumerable.Range(0, checkpoints).Select(i =>
        {
            var values = levels.Select(v => v[i]).Where(v => !double.IsNaN(v)).ToList();
            return values.Count == 0 ? double.NaN : values.Average();
        })];
}
