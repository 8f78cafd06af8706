using System.Globalization;
using System.Text;

namespace Emergence.Analysis;

/// <summary>The Fisher-LLC convergence tables of tables.md (see <see cref="FisherLlc"/>), beside the paper's values.</summary>
internal static class FisherLlcTables
{
    public static void Render(StringBuilder md, FisherLlcSection s)
    {
        md.AppendLine("## Fisher-LLC convergence").AppendLine().AppendLine(s.Definition).AppendLine();
        var computable = s.Entries.Where(e => e.Trajectory.Count > 0).ToList();
        if (computable.Count == 0)
        {
            var reasons = s.Entries.Select(e => e.Status).Distinct().ToList();
            md.AppendLine(reasons.Count == 0 ? "Not computable: no run x task." : "Not computable: " + string.Join("; ", reasons.Select(r => r.Replace("not computable: ", "")))).AppendLine();
            return;
        }
        MarkdownTables.Table(md, ["run", "task", "class", "Fisher series", "checkpoints", "rho(LLC, Fisher)", "converged ratio (checkpoints)", "last ratio"],
            s.Entries.Select(e => (IEnumerable<string>)[e.Run, e.Task, e.Class, e.FisherMetric, e.Trajectory.Count.ToString(CultureInfo.InvariantCulture),
                e.Rho is null ? e.Status : MarkdownTables.F(e.Rho),
                e.ConvergedRatio is null ? e.ConvergedStatus : $"{MarkdownTables.F(e.ConvergedRatio)} ({e.ConvergedPoints})",
                e.Trajectory.Count == 0 ? "-" : MarkdownTables.F(e.Trajectory[^1].Ratio)]));
        md.AppendLine("Summary (paper: " + string.Join("; ", s.Paper.Take(2).Select(p => $"{p.Finding}: {MarkdownTables.Paper(p)}")) + "):").AppendLine();
        MarkdownTables.Table(md, ["Fisher series", "hard run x task with a converged ratio", "median converged ratio (hard)", $"within [{FisherLlc.NearOneLow}, {FisherLlc.NearOneHigh}]", "pooled rho (points)", "rho range over run x task"],
            s.Convergence.Select(c =>
            {
                var raw = s.Correlations.First(x => x.FisherMetric == c.FisherMetric && x.Denoising == "none");
                return (IEnumerable<string>)[c.FisherMetric, c.HardEntries.ToString(CultureInfo.InvariantCulture),
                    c.MedianHardRatio is null ? c.Status : MarkdownTables.F(c.MedianHardRatio), $"{c.HardNearOne}/{c.HardEntries}",
                    raw.PooledRho is null ? raw.Status : $"{MarkdownTables.F(raw.PooledRho)} ({raw.Points})", Range(raw)];
            }));
        md.AppendLine($"Table 9, rho after Fisher-spectrum denoising (paper: {MarkdownTables.Paper(s.Paper[2])}), with its points; a run x task enters a pool with at least 3 checkpoints where both values are recorded:").AppendLine();
        MarkdownTables.Table(md, ["denoising", "definition", .. FisherLlc.FisherMetrics.Select(m => $"pooled rho, {m}"), "rho range over run x task (top 20)"],
            s.Correlations.Select(c => c.Denoising).Distinct().Select(d =>
            {
                var cells = FisherLlc.FisherMetrics.Select(m => s.Correlations.First(x => x.FisherMetric == m && x.Denoising == d)).ToList();
                return (IEnumerable<string>)[d, cells[0].Definition, .. cells.Select(c => c.PooledRho is null ? c.Status : $"{MarkdownTables.F(c.PooledRho)} ({c.Points})"), Range(cells[0])];
            }));
    }

    /// <summary>The LLC against its quadratic localisation term (see <see cref="LlcHessianTrace"/>), after the Fisher-LLC tables.</summary>
    public static void RenderTrace(StringBuilder md, LlcTraceSection s)
    {
        md.AppendLine("### The LLC against the Hessian trace").AppendLine().AppendLine(s.Definition).AppendLine();
        MarkdownTables.Table(md, ["run", "checkpoints", "rho(LLC, Hessian trace)", "median llc / q", "range of llc / q", "status"],
            s.Entries.Select(e => (IEnumerable<string>)[e.Run, e.Points.ToString(CultureInfo.InvariantCulture), MarkdownTables.F(e.Rho),
                MarkdownTables.F(e.MedianRatio), e.MinRatio is null ? "n/c" : $"{MarkdownTables.F(e.MinRatio)} to {MarkdownTables.F(e.MaxRatio)}", e.Status]));
    }

    private static string Range(FisherLlcPooled p) => p.MinRho is null ? "n/c" : $"{MarkdownTables.F(p.MinRho)} to {MarkdownTables.F(p.MaxRho)} ({p.Entries})";
}
