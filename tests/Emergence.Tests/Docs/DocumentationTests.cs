using System.Reflection;
using System.Text.RegularExpressions;
using Emergence.Storage;
using Emergence.Tests.Support;

namespace Emergence.Tests.Docs;

/// <summary>The docs name what the code uses: every metric name, every cited protocol section.</summary>
public partial class DocumentationTests
{
    [Fact]
    public void Metrics_table_in_docs_lists_exactly_the_metric_names()
    {
        var constants = typeof(MetricNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToHashSet();
        var documented = DocumentedMetricNames(File.ReadAllText(RepositoryFiles.PathOf("docs", "metrics.md")));

        Assert.Contains("rankme", documented);
        Assert.Contains("cost_seconds.", documented);
        Assert.Empty(constants.Except(documented).Order());
        Assert.Empty(documented.Except(constants).Order());
    }

    [Fact]
    public void Metric_names_are_distinct()
    {
        var values = typeof(MetricNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.True(values.Count > 40, $"only {values.Count} metric names");
        Assert.Equal(values.Count, values.Distinct().Count());
    }

    [Fact]
    public void Every_cited_protocol_section_exists_in_docs_protocol()
    {
        var headings = ProtocolHeading().Matches(File.ReadAllText(RepositoryFiles.PathOf("docs", "protocol.md")))
            .Select(m => m.Groups[1].Value).ToHashSet();
        var cited = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var folder in new[] { "src", "docs" })
            foreach (var file in Directory.EnumerateFiles(RepositoryFiles.PathOf(folder), "*.*", SearchOption.AllDirectories)
                         .Where(f => f.EndsWith(".cs") || f.EndsWith(".md"))
                         .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")))
                foreach (Match m in ProtocolCitation().Matches(File.ReadAllText(file)))
                    cited.Add(m.Groups[1].Value);

        Assert.Contains("4.1", headings);
        Assert.Contains("7", cited);
        var missing = cited.Except(headings).ToList();
        Assert.Empty(missing);
    }

    /// <summary>The backticked names of the first column of the table's rows; `x.&lt;measure&gt;` stands for the prefix "x.".</summary>
    internal static HashSet<string> DocumentedMetricNames(string markdown)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in markdown.Split('\n').Where(l => l.StartsWith("| `")))
            foreach (Match m in Backticked().Matches(line.Split('|')[1]))
                names.Add(Placeholder().Replace(m.Groups[1].Value, ""));
        return names;
    }

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex Backticked();

    [GeneratedRegex(@"<[a-z]+>$")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^#{2,3} (\d+(?:\.\d+)?)\.? ", RegexOptions.Multiline)]
    private static partial Regex ProtocolHeading();

    [GeneratedRegex(@"PROTOCOL §(\d+(?:\.\d+)?)")]
    private static partial Regex ProtocolCitation();
}
