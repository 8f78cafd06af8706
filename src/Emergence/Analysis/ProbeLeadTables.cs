using System.Globalization;
using System.Text;

namespace Emergence.Analysis;

/// <summary>The linear-probe lead tables of tables.md (see <see cref="ProbeLeads"/>).</summary>
internal static class ProbeLeadTables
{
    public static void Render(StringBuilder md, ProbeLeadSection s)
    {
        md.AppendLine("## Linear probes: lead over behavioural emergence").AppendLine().AppendLine(s.Definition).AppendLine();
        if (s.Entries.All(e => e.Status == ProbeLeads.NotStored))
        {
            var reasons = s.Entries.Select(e => e.Status).Distinct().ToList();
            md.AppendLine(reasons.Count == 0 ? "Not computable: no task-level." : "Not computable: " + string.Join("; ", reasons.Select(r => r.Replace("not computable: ", "")))).AppendLine();
            return;
        }
        md.AppendLine($"Paper: {MarkdownTables.Paper(s.Paper)}.").AppendLine();
        MarkdownTables.Table(md, ["size", "class", "task-levels with a probe step", "with both steps", "median lead (steps)", "quartiles", "probe first",
                "control: with a probe step", "control: median lead", "control: probe first"],
            s.Groups.Where(g => g.TaskLevels > 0).Select(g => (IEnumerable<string>)[g.Model, g.Class,
                $"{g.WithProbeStep}/{g.TaskLevels}", g.Observed.Units.ToString(CultureInfo.InvariantCulture),
                g.Observed.Median is null ? g.Status : MarkdownTables.F(g.Observed.Median, "0"),
                g.Observed.Median is null ? "n/c" : $"{MarkdownTables.F(g.Observed.LowerQuartile, "0")} to {MarkdownTables.F(g.Observed.UpperQuartile, "0")}",
                MarkdownTables.P(g.Observed.PositiveShare),
                $"{g.ControlWithProbeStep}/{g.TaskLevels}", MarkdownTables.F(g.Control.Median, "0"), MarkdownTables.P(g.Control.PositiveShare)]));
        static string Step(long? step) => step?.ToString(CultureInfo.InvariantCulture) ?? "-";
        MarkdownTables.Table(md, ["run", "task-level", "class", "probe step", "emergence step", "lead", "control probe step", "status"],
            s.Entries.Select(e => (IEnumerable<string>)[e.Run, e.TaskLevel, e.Class, Step(e.ProbeStep), Step(e.EmergenceStep), Step(e.Lead), Step(e.ControlStep), e.Status]));
    }
}
