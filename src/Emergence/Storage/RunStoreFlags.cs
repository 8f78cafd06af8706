using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Emergence.Storage;

/// <summary>A value that came out NaN or infinite; <c>Value</c> is "NaN", "Infinity" or "-Infinity".</summary>
public sealed record NonFiniteValue(long Step, string Name, string Task, int Level, int Layer, string Value)
{
    /// <summary>One line naming the value, its task, level, layer and step.</summary>
    public override string ToString() =>
        $"{Name}{(Task.Length > 0 ? $" {Task}" : "")}{(Level > 0 ? $" L{Level}" : "")}{(Layer >= 0 ? $" layer {Layer}" : "")} at step {Step} is {Value}";
}

/// <summary>Where a training run diverged: the first step whose loss or gradient norm was not finite.</summary>
public sealed record Divergence(long Step, string Quantity, string Value)
{
    /// <summary>"diverged at step S (quantity value)".</summary>
    public override string ToString() => $"diverged at step {Step} ({Quantity} {Value})";
}

/// <summary>
/// Non-finite values in the store. SQLite has no NaN (it stores NULL), so a metric that comes out
/// NaN or infinite is stored with value NULL in <c>metrics</c> and flagged by a row of
/// <c>non_finite(step, name, task, level, layer, value)</c> (same key as <c>metrics</c>; value
/// "NaN", "Infinity" or "-Infinity"). A training run that diverged has a row named
/// <see cref="TrainLoss"/> or <see cref="GradientNorm"/> (task "", level 0, layer -1) at the step
/// where it happened. The table is additive: stores written before it existed read as having none.
/// </summary>
public sealed partial class RunStore
{
    /// <summary>Quantity of a divergence in the batch loss.</summary>
    public const string TrainLoss = "train_loss";
    /// <summary>Quantity of a divergence in the gradient norm.</summary>
    public const string GradientNorm = "grad_norm";

    private const string NonFiniteTable = """
        CREATE TABLE IF NOT EXISTS non_finite(step INTEGER NOT NULL, name TEXT NOT NULL, task TEXT NOT NULL DEFAULT '',
                                              level INTEGER NOT NULL DEFAULT 0, layer INTEGER NOT NULL DEFAULT -1,
                                              value TEXT NOT NULL, PRIMARY KEY(step, name, task, level, layer)) WITHOUT ROWID;
        """;

    /// <summary>A value as stored in <c>non_finite</c>: "NaN", "Infinity", "-Infinity" or the number.</summary>
    public static string Describe(double value) =>
        double.IsNaN(value) ? "NaN" : value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Inserts metric rows; a non-finite value is stored as NULL and flagged in non_finite.</summary>
    private void InsertMetrics(IEnumerable<MetricRow> metrics, SqliteTransaction tx)
    {
        using var cmd = Command("INSERT OR REPLACE INTO metrics(step, name, task, level, layer, value) VALUES ($s, $n, $t, $l, $y, $v)", tx);
        using var flag = Command("INSERT OR REPLACE INTO non_finite(step, name, task, level, layer, value) VALUES ($s, $n, $t, $l, $y, $v)", tx);
        using var clear = Command("DELETE FROM non_finite WHERE step = $s AND name = $n AND task = $t AND level = $l AND layer = $y", tx);
        foreach (var m in metrics)
        {
            bool finite = double.IsFinite(m.Value);
            Bind(cmd, ("$s", m.Step), ("$n", m.Name), ("$t", m.Task), ("$l", m.Level), ("$y", m.Layer), ("$v", finite ? m.Value : DBNull.Value));
            cmd.ExecuteNonQuery();
            var target = finite ? clear : flag;
            Bind(target, ("$s", m.Step), ("$n", m.Name), ("$t", m.Task), ("$l", m.Level), ("$y", m.Layer));
            if (!finite) target.Parameters.AddWithValue("$v", Describe(m.Value));
            target.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Records a divergence: the finite step losses since the last checkpoint and a non_finite row
    /// naming the step and quantity, in one transaction. No checkpoint row is written.
    /// </summary>
    public void RecordDivergence(long step, string quantity, double value, IEnumerable<StepLoss> lossesBefore)
    {
        using var tx = _connection.BeginTransaction();
        using (var cmd = Command("INSERT OR REPLACE INTO step_losses(step, loss, lr) VALUES ($s, $l, $lr)", tx))
        {
            foreach (var loss in lossesBefore.Where(l => double.IsFinite(l.Loss)))
            {
                Bind(cmd, ("$s", loss.Step), ("$l", loss.Loss), ("$lr", loss.LearningRate));
                cmd.ExecuteNonQuery();
            }
        }
        Execute("INSERT OR REPLACE INTO non_finite(step, name, task, level, layer, value) VALUES ($s, $n, '', 0, -1, $v)", tx,
            ("$s", step), ("$n", quantity), ("$v", Describe(value)));
        tx.Commit();
    }

    /// <summary>Every flagged value, in step order (none for a store written before the table existed).</summary>
    public IReadOnlyList<NonFiniteValue> NonFinite() =>
        Scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'non_finite'") is long n && n > 0
            ? Query("SELECT step, name, task, level, layer, value FROM non_finite ORDER BY step, name, task, level, layer",
                r => new NonFiniteValue(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetInt32(4), r.GetString(5)))
            : [];

    /// <summary>The first step at which training diverged, or null.</summary>
    public Divergence? Divergence() =>
        NonFinite().Where(v => v is { Task: "", Name: TrainLoss or GradientNorm }).Select(v => new Divergence(v.Step, v.Name, v.Value)).FirstOrDefault();
}
