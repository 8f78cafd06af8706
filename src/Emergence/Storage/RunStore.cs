using Microsoft.Data.Sqlite;

namespace Emergence.Storage;

/// <summary>
/// The run store: one SQLite file per run (WAL mode), queryable with any SQLite client.
/// <code>
///   meta(key, value)                                  configuration, seed, versions, revision
///   checkpoints(step, train_loss, lr, tokens_seen, wall_seconds, recorded_at)
///   metrics(step, name, task, level, layer, value)    long form; see MetricRow for conventions
///   item_correctness(step, task, level, n, bits)      exact match per evaluation item, bit-packed
///   step_losses(step, loss, lr)                       training loss of every optimisation step
///   non_finite(step, name, task, level, layer, value) values that came out NaN or infinite (see RunStoreFlags)
/// </code>
/// A checkpoint and everything measured at it are written in one transaction, so a store read
/// after a crash holds whole checkpoints only.
/// </summary>
public sealed partial class RunStore : IDisposable
{
    /// <summary>Version of the store's schema, in meta <c>schema_version</c>.</summary>
    public const int SchemaVersion = 1;
    private static readonly byte[] SqliteHeader = "SQLite format 3\0"u8.ToArray();

    private readonly SqliteConnection _connection;
    /// <summary>Path of the store file.</summary>
    public string Path { get; }

    private RunStore(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
    }

    /// <summary>Creates a new store; refuses when one already exists at <paramref name="path"/>.</summary>
    public static RunStore Create(string path, IReadOnlyDictionary<string, string> meta)
    {
        if (File.Exists(path)) throw new StoreException($"A run store already exists at {path}.");
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        var store = new RunStore(path, Connect(path, SqliteOpenMode.ReadWriteCreate));
        store.UseWal();
        using var tx = store._connection.BeginTransaction();
        store.Execute("""
            CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE checkpoints(step INTEGER PRIMARY KEY, train_loss REAL, lr REAL, tokens_seen INTEGER,
                                     wall_seconds REAL, recorded_at TEXT NOT NULL);
            CREATE TABLE metrics(step INTEGER NOT NULL, name TEXT NOT NULL, task TEXT NOT NULL DEFAULT '',
                                 level INTEGER NOT NULL DEFAULT 0, layer INTEGER NOT NULL DEFAULT -1, value REAL,
                                 PRIMARY KEY(step, name, task, level, layer)) WITHOUT ROWID;
            CREATE INDEX metrics_by_series ON metrics(name, task, level, layer, step);
            CREATE TABLE item_correctness(step INTEGER NOT NULL, task TEXT NOT NULL, level INTEGER NOT NULL,
                                          n INTEGER NOT NULL, bits BLOB NOT NULL,
                                          PRIMARY KEY(step, task, level)) WITHOUT ROWID;
            CREATE TABLE step_losses(step INTEGER PRIMARY KEY, loss REAL NOT NULL, lr REAL NOT NULL);
            """, tx);
        store.Execute(NonFiniteTable, tx);
        foreach (var (key, value) in meta.Append(new("schema_version", SchemaVersion.ToString())))
            store.Execute("INSERT INTO meta(key, value) VALUES ($k, $v)", tx, ("$k", key), ("$v", value));
        tx.Commit();
        return store;
    }

    /// <summary>
    /// Opens an existing store, checking that it is a whole SQLite file of this schema before
    /// anything is written. A read-only open changes no file (see <see cref="ConnectReadOnly"/>);
    /// a writable one switches the store to WAL only after the checks.
    /// </summary>
    public static RunStore Open(string path, bool readOnly = false)
    {
        if (!File.Exists(path)) throw new StoreException($"No run store at {path}.");
        CheckHeader(path);
        SqliteConnection connection;
        try
        {
            connection = readOnly ? ConnectReadOnly(path) : Connect(path, SqliteOpenMode.ReadWrite);
        }
        catch (SqliteException e)
        {
            throw new StoreException($"Run store {path} cannot be opened: {e.Message}", e);
        }
        var store = new RunStore(path, connection);
        try
        {
            var problems = store.Query("PRAGMA quick_check", r => r.GetString(0))
                .SelectMany(p => p.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                .Where(p => p != "ok" && !p.StartsWith("*** in database")).ToList();
            if (problems.Count > 0)
                throw new StoreException($"Run store {path} is corrupt ({problems.Count} problem(s) found by SQLite's quick_check, first: {problems[0]}).");
            var version = store.Meta("schema_version");
            if (version != SchemaVersion.ToString())
                throw new StoreException($"Run store {path} has schema version '{version ?? "none"}'; this program reads version {SchemaVersion}.");
            if (!readOnly)
            {
                store.UseWal();
                store.Execute(NonFiniteTable, null);
            }
        }
        catch (SqliteException e)
        {
            store.Dispose();
            throw new StoreException($"Run store {path} is corrupt or not a run store: {e.Message}", e);
        }
        catch
        {
            store.Dispose();
            throw;
        }
        return store;
    }

    private static void CheckHeader(string path)
    {
        var header = new byte[SqliteHeader.Length];
        using var file = File.OpenRead(path);
        int read = file.Read(header);
        if (read < header.Length || !header.AsSpan().SequenceEqual(SqliteHeader))
            throw new StoreException($"Run store {path} is not an SQLite file (truncated or overwritten: {file.Length} bytes).");
    }

    private static SqliteConnection Connect(string path, SqliteOpenMode mode) =>
        Connect(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());

    private static SqliteConnection Connect(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout=10000;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>
    /// A connection that writes nothing, not even SQLite's -wal and -shm sidecars. When the store
    /// has no sidecars no connection has it open in WAL mode, so no writer exists and it is opened
    /// <c>immutable</c> (no locks, no shared memory). When it has them, a run may be writing it:
    /// then it is opened <c>mode=ro</c>, which sees every committed checkpoint through the
    /// writer's WAL (and uses the writer's sidecars, which the writer removes when it closes).
    /// </summary>
    private static SqliteConnection ConnectReadOnly(string path)
    {
        bool writerMayExist = File.Exists(path + "-wal") || File.Exists(path + "-shm");
        if (writerMayExist) return Connect(path, SqliteOpenMode.ReadOnly);
        var uri = "file:" + System.IO.Path.GetFullPath(path).Replace("%", "%25").Replace("?", "%3f").Replace("#", "%23") + "?immutable=1";
        return Connect(new SqliteConnectionStringBuilder { DataSource = uri, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
    }

    private void UseWal() => Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", null);

    /// <summary>The meta value of a key, or null.</summary>
    public string? Meta(string key) =>
        Scalar("SELECT value FROM meta WHERE key = $k", ("$k", key)) as string;

    /// <summary>Every meta key and value.</summary>
    public IReadOnlyDictionary<string, string> AllMeta() =>
        Query("SELECT key, value FROM meta ORDER BY key", r => (r.GetString(0), r.GetString(1)))
            .ToDictionary(p => p.Item1, p => p.Item2);

    /// <summary>Sets (inserts or replaces) a meta value.</summary>
    public void SetMeta(string key, string value) =>
        Execute("INSERT INTO meta(key, value) VALUES ($k, $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            null, ("$k", key), ("$v", value));

    /// <summary>Writes a checkpoint with its metrics, item correctness and step losses, atomically.</summary>
    public void RecordCheckpoint(CheckpointRow checkpoint, IEnumerable<MetricRow> metrics,
        IEnumerable<ItemCorrectness> items, IEnumerable<StepLoss> stepLosses)
    {
        using var tx = _connection.BeginTransaction();
        Execute("""
            INSERT OR REPLACE INTO checkpoints(step, train_loss, lr, tokens_seen, wall_seconds, recorded_at)
            VALUES ($s, $l, $lr, $t, $w, $at)
            """, tx, ("$s", checkpoint.Step), ("$l", Nullable(checkpoint.TrainLoss)), ("$lr", checkpoint.LearningRate),
            ("$t", checkpoint.TokensSeen), ("$w", checkpoint.WallSeconds), ("$at", DateTime.UtcNow.ToString("O")));
        InsertMetrics(metrics, tx);
        using (var cmd = Command("INSERT OR REPLACE INTO item_correctness(step, task, level, n, bits) VALUES ($s, $t, $l, $n, $b)", tx))
        {
            foreach (var item in items)
            {
                Bind(cmd, ("$s", item.Step), ("$t", item.Task), ("$l", item.Level), ("$n", item.Correct.Length), ("$b", item.Pack()));
                cmd.ExecuteNonQuery();
            }
        }
        using (var cmd = Command("INSERT OR REPLACE INTO step_losses(step, loss, lr) VALUES ($s, $l, $lr)", tx))
        {
            foreach (var loss in stepLosses)
            {
                Bind(cmd, ("$s", loss.Step), ("$l", loss.Loss), ("$lr", loss.LearningRate));
                cmd.ExecuteNonQuery();
            }
        }
        tx.Commit();
    }

    /// <summary>Adds or replaces metric values (e.g. measures computed after training), atomically.</summary>
    public void RecordMetrics(IEnumerable<MetricRow> metrics)
    {
        using var tx = _connection.BeginTransaction();
        InsertMetrics(metrics, tx);
        tx.Commit();
    }

    /// <summary>Removes everything recorded after <paramref name="step"/> (used before resuming from it).</summary>
    public void DeleteAfter(long step)
    {
        using var tx = _connection.BeginTransaction();
        foreach (var table in new[] { "checkpoints", "metrics", "item_correctness", "step_losses", "non_finite" })
            Execute($"DELETE FROM {table} WHERE step > $s", tx, ("$s", step));
        tx.Commit();
    }

    /// <summary>Every committed checkpoint, by step (train loss NaN where not stored).</summary>
    public IReadOnlyList<CheckpointRow> Checkpoints() =>
        Query("SELECT step, train_loss, lr, tokens_seen, wall_seconds FROM checkpoints ORDER BY step",
            r => new CheckpointRow(r.GetInt64(0), r.IsDBNull(1) ? double.NaN : r.GetDouble(1), r.GetDouble(2), r.GetInt64(3), r.GetDouble(4)));

    /// <summary>The last committed checkpoint's step, or null when there is none.</summary>
    public long? LastCheckpointStep() => Scalar("SELECT MAX(step) FROM checkpoints") is long s ? s : null;

    /// <summary>Every metric row (of one name when given), ordered by name, task, level, layer and step; NULL values read as NaN.</summary>
    public IReadOnlyList<MetricRow> Metrics(string? name = null) =>
        Query("SELECT step, name, task, level, layer, value FROM metrics" + (name is null ? "" : " WHERE name = $n") +
              " ORDER BY name, task, level, layer, step",
            r => new MetricRow(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetInt32(4),
                r.IsDBNull(5) ? double.NaN : r.GetDouble(5)),
            name is null ? [] : [("$n", name)]);

    /// <summary>Per-item correctness of every task-level at every checkpoint.</summary>
    public IReadOnlyList<ItemCorrectness> Items() =>
        Query("SELECT step, task, level, n, bits FROM item_correctness ORDER BY step, task, level",
            r => new ItemCorrectness(r.GetInt64(0), r.GetString(1), r.GetInt32(2),
                ItemCorrectness.Unpack((byte[])r.GetValue(4), r.GetInt32(3))));

    /// <summary>The loss and learning rate of every optimisation step, by step.</summary>
    public IReadOnlyList<StepLoss> StepLosses() =>
        Query("SELECT step, loss, lr FROM step_losses ORDER BY step", r => new StepLoss(r.GetInt64(0), r.GetDouble(1), r.GetDouble(2)));

    private static object Nullable(double value) => double.IsNaN(value) ? DBNull.Value : value;

    private SqliteCommand Command(string sql, SqliteTransaction? tx)
    {
        var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        return cmd;
    }

    private static void Bind(SqliteCommand cmd, params (string Name, object Value)[] parameters)
    {
        cmd.Parameters.Clear();
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
    }

    private void Execute(string sql, SqliteTransaction? tx, params (string, object)[] parameters)
    {
        using var cmd = Command(sql, tx);
        Bind(cmd, parameters);
        cmd.ExecuteNonQuery();
    }

    private object? Scalar(string sql, params (string, object)[] parameters)
    {
        using var cmd = Command(sql, null);
        Bind(cmd, parameters);
        var value = cmd.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    private List<T> Query<T>(string sql, Func<SqliteDataReader, T> read, params (string, object)[] parameters)
    {
        using var cmd = Command(sql, null);
        Bind(cmd, parameters);
        using var reader = cmd.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(read(reader));
        return rows;
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose() => _connection.Dispose();
}
