using System.Text;

namespace Emergence.Analysis;

/// <summary>The measure-quality table of tables.md and the report (see <see cref="MeasureQuality"/>).</summary>
internal static class MeasureQualityTables
{
    private const string Title = "Measure quality";

    /// <summary>Header and rows: one row per check some run recorded, one column per run, cells "passed/recorded".</summary>
    private static (IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows) Table(MeasureQualitySection s)
    {
        var runs = s.Entries.Select(e => e.Run).Distinct().ToList();
        var rows = s.Checks.Where(c => s.Entries.Any(e => e.Check == c.Metric))
            .Select(c => (IReadOnlyList<string>)[c.Description, c.Metric,
                .. runs.Select(run => s.Entries.FirstOrDefault(e => e.Run == run && e.Check == c.Metric) is { } e ? $"{e.Passed}/{e.Recorded}" : "-")])
            .ToList();
        return (["check", "flag", .. runs], rows);
    }

    /// <summary>Appends the section to tables.md.</summary>
    public static void Render(StringBuilder md, MeasureQualitySection s)
    {
        md.AppendLine($"## {Title}").AppendLine().AppendLine(s.Definition).AppendLine();
        if (s.Entries.Count == 0)
        {
            md.AppendLine("No run recorded a Hessian or LLC estimate.").AppendLine();
            return;
        }
        var (header, rows) = Table(s);
        MarkdownTables.Table(md, header, rows);
    }
}
