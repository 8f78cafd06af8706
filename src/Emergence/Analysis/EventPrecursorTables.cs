using System.Text;

namespace Emergence.Analysis;

/// <summary>The event-based precursor table of tables.md (see <see cref="EventPrecursors"/>), beside the paper's value.</summary>
internal static class EventPrecursorTables
{
    public static void Render(StringBuilder md, EventPrecursorSection s)
    {
        md.AppendLine("## Event-based precursors").AppendLine().AppendLine(s.Definition).AppendLine();
        md.AppendLine($"Hit rate of the emergence order per size: rate (hits/decided pairs) and null rate / p; paper: {MarkdownTables.Paper(s.Paper)}.").AppendLine();
        var models = s.Rates.Select(r => r.Model).Where(m => m != "all").Distinct().ToList();
        MarkdownTables.Table(md, ["metric", "direction", .. models, "all", "CI runs (all)"],
            s.Metrics.Select(m =>
            {
                if (m.Direction is null) return (IEnumerable<string>)[m.Name, m.Status, .. models.Select(_ => "n/c"), "n/c", "-"];
                var all = s.Rates.First(r => r.Metric == m.Name && r.Model == "all");
                return [m.Name, m.Direction > 0 ? "larger → later" : "larger → earlier",
                    .. models.Append("all").Select(model => Cell(s.Rates.First(r => r.Metric == m.Name && r.Model == model))), MarkdownTables.Ci(all.CiOverRuns)];
            }));
    }

    private static string Cell(EventRate r) =>
        r.HitRate is null ? "n/c" : $"{MarkdownTables.P(r.HitRate)} ({r.Hits}/{r.Pairs}); null {MarkdownTables.P(r.NullRate)} / p {MarkdownTables.F(r.NullP, "0.000")}";
}
