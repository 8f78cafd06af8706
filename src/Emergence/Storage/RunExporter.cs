using System.Globalization;
using System.Text;
using Parquet.Serialization;
using static Emergence.Storage.ExportRows;

namespace Emergence.Storage;

/// <summary>
/// Writes a run store as tidy tables, one file per table: checkpoints, metrics (long form),
/// items (one row per evaluation item and checkpoint), step_losses, non_finite (values that came
/// out NaN or infinite, <see cref="RunStore.NonFinite"/>) and meta; as CSV
/// (RFC 4180, invariant culture) or Parquet. Tables already in the output folder are kept
/// (the export is refused before anything is written) unless overwriting is asked for.
/// </summary>
public static class RunExporter
{
    /// <summary>Writes every table of <paramref name="store"/> into <paramref name="outputDirectory"/> as <paramref name="format"/> ("csv" or "parquet") and returns the paths written.</summary>
    public static IReadOnlyList<string> Export(RunStore store, string outputDirectory, string format, bool overwrite = false)
    {
        var kind = format.Trim().ToLowerInvariant();
        if (kind is not ("csv" or "parquet"))
            throw new ArgumentException($"Unknown export format '{format}' (allowed: csv, parquet).");
        if (File.Exists(outputDirectory))
            throw new ArgumentException($"--out {outputDirectory} is a file (expected a folder).");
        var existing = TableNames.Select(n => $"{n}.{kind}").Where(f => File.Exists(Path.Combine(outputDirectory, f))).ToList();
        if (existing.Count > 0 && !overwrite)
            throw new ArgumentException($"--out {outputDirectory} already holds {string.Join(", ", existing)}; pass --force to overwrite or choose another folder.");
        Directory.CreateDirectory(outputDirectory);
        var tables = new (string Name, Func<IEnumerable<object>> Rows, Type Type)[]
        {
            ("checkpoints", () => store.Checkpoints().Select(c => new CheckpointExportRow(c.Step, NaNToNull(c.TrainLoss), c.LearningRate, c.TokensSeen, c.WallSeconds)), typeof(CheckpointExportRow)),
            ("metrics", () => store.Metrics().Select(m => new MetricExportRow(m.Step, m.Name, m.Task, m.Level, m.Layer, NaNToNull(m.Value))), typeof(MetricExportRow)),
            ("items", () => store.Items().SelectMany(i => i.Correct.Select((c, k) => new ItemRow(i.Step, i.Task, i.Level, k, c))), typeof(ItemRow)),
            ("step_losses", () => store.StepLosses().Select(l => new StepLossRow(l.Step, l.Loss, l.LearningRate)), typeof(StepLossRow)),
            ("non_finite", () => store.NonFinite().Select(v => new NonFiniteExportRow(v.Step, v.Name, v.Task, v.Level, v.Layer, v.Value)), typeof(NonFiniteExportRow)),
            ("meta", () => store.AllMeta().Select(kv => new MetaRow(kv.Key, kv.Value)), typeof(MetaRow)),
        };
        var written = new List<string>();
        foreach (var (name, rows, type) in tables)
        {
            var path = Path.Combine(outputDirectory, $"{name}.{kind}");
            RunFolder.WriteAtomically(path, stream =>
            {
                if (kind == "csv") WriteCsv(stream, rows(), type);
                else WriteParquet(stream, rows(), type);
            });
            written.Add(path);
        }
        return written;
    }

    /// <summary>The tables written, in order.</summary>
    public static IReadOnlyList<string> TableNames { get; } = ["checkpoints", "metrics", "items", "step_losses", "non_finite", "meta"];

    private static double? NaNToNull(double value) => double.IsNaN(value) ? null : value;

    private static void WriteParquet(Stream stream, IEnumerable<object> rows, Type type)
    {
        var method = typeof(RunExporter).GetMethod(nameof(SerializeTyped), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        method.MakeGenericMethod(type).Invoke(null, [stream, rows]);
    }

    private static void SerializeTyped<T>(Stream stream, IEnumerable<object> rows) =>
        ParquetSerializer.SerializeAsync(rows.Cast<T>().ToList(), stream).GetAwaiter().GetResult();

    private static void WriteCsv(Stream stream, IEnumerable<object> rows, Type type)
    {
        var properties = type.GetProperties();
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        writer.WriteLine(string.Join(',', properties.Select(ExportRows.ColumnName)));
        foreach (var row in rows)
            writer.WriteLine(string.Join(',', properties.Select(p => Field(p.GetValue(row)))));
    }

    private static string Field(object? value)
    {
        var text = value switch
        {
            null => "",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            bool b => b ? "1" : "0",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{text.Replace("\"", "\"\"")}\"" : text;
    }
}
