using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Data.Sqlite;

namespace EdgeSecurity.Agent.Outbox;

/// <summary>An outbox file that could not be read and was moved aside, so the agent could start with an empty one.</summary>
public sealed record UnreadableOutbox(string MovedTo, string Reason);

/// <summary>Rows removed from the outbox: how many of each priority, and their bytes.</summary>
internal sealed record RemovedRows(IReadOnlyList<long> Seqs, long[] CountByPriority, long Bytes)
{
    public static RemovedRows None { get; } = new([], new long[3], 0);
}

/// <summary>
/// The outbox file: one SQLite table of messages in insertion order, indexed by priority and device so that the next
/// message of a device is one index seek. Not thread-safe: <see cref="DurableOutbox"/> serialises every call.
/// </summary>
internal sealed class OutboxDatabase : IDisposable
{
    private const int SchemaVersion = 1;
    private const string ThinnedCounter = "thinned_telemetry";

    // WAL: a commit appends to the log instead of rewriting pages, and readers never block the writer.
    // synchronous = FULL: every commit waits until the log is on the storage device, so a message the agent has taken
    // (and an operator was told "reported") survives a power cut or kernel panic of the gateway. NORMAL would be
    // durable against a crash of the agent only: a power cut can roll back the last commits. The cost is one fsync per
    // commit, well under a millisecond on this kind of machine and a few on SD cards: fine at alarm rates.
    // journal_size_limit keeps the log from keeping its high-water size on the gateway's small disk after a checkpoint.
    private const string ConnectionPragmas = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA journal_size_limit = 4194304;";

    // AUTOINCREMENT: a sequence number is never reused, even once the table has been empty, so per-device cursors stay valid.
    // event_id is the id the hub confirms the message by: an event's, and since end-to-end telemetry a telemetry point's
    // (the name stays, so outbox files of earlier agents open unchanged).
    private const string Schema = """
        CREATE TABLE outbox (
            seq        INTEGER PRIMARY KEY AUTOINCREMENT,
            priority   INTEGER NOT NULL,
            device_id  TEXT NOT NULL,
            topic      TEXT NOT NULL,
            retain     INTEGER NOT NULL,
            event_id   TEXT,
            payload    BLOB NOT NULL,
            size       INTEGER NOT NULL,
            created_at INTEGER NOT NULL
        );
        CREATE INDEX outbox_by_device ON outbox (priority, device_id, seq);
        CREATE UNIQUE INDEX outbox_by_event ON outbox (event_id) WHERE event_id IS NOT NULL;
        CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
        PRAGMA user_version = 1;
        """;

    private const string EntryColumns = "seq, priority, device_id, topic, retain, event_id, payload, created_at";

    private readonly SqliteConnection _connection;
    private SqliteTransaction? _transaction;

    private OutboxDatabase(SqliteConnection connection, string path, UnreadableOutbox? replaced)
    {
        _connection = connection;
        Path = path;
        ReplacedUnreadableFile = replaced;
    }

    public string Path { get; }

    public UnreadableOutbox? ReplacedUnreadableFile { get; }

    /// <summary>
    /// Opens the outbox file, creating it if needed. A file that is not a readable outbox of this version (corrupt, not
    /// SQLite, another schema) is moved aside and replaced by an empty one: an unattended gateway that refused to start
    /// would report no alarm at all until someone came by, while the moved file keeps what it held for inspection.
    /// </summary>
    /// <exception cref="AgentStartupException">The file cannot be created, or an unreadable one cannot be moved aside.</exception>
    public static OutboxDatabase Open(string path, TimeProvider time)
    {
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            var connection = TryOpen(path, out var unreadable);
            if (connection is not null)
                return new OutboxDatabase(connection, path, null);

            var movedTo = MoveAside(path, time);
            connection = TryOpen(path, out var stillUnreadable)
                ?? throw new AgentStartupException($"cannot create the outbox {path}: {stillUnreadable}");
            return new OutboxDatabase(connection, path, new UnreadableOutbox(movedTo, unreadable!));
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new AgentStartupException($"cannot open the outbox {path}: {e.Message}", e);
        }
    }

    public long Insert(OutboxMessage message, DateTimeOffset now)
    {
        using var command = Command(
            "INSERT INTO outbox (priority, device_id, topic, retain, event_id, payload, size, created_at) " +
            "VALUES ($priority, $device, $topic, $retain, $eventId, $payload, $size, $createdAt) RETURNING seq;");
        command.Parameters.AddWithValue("$priority", (int)message.Priority);
        command.Parameters.AddWithValue("$device", message.DeviceId);
        command.Parameters.AddWithValue("$topic", message.Topic);
        command.Parameters.AddWithValue("$retain", message.Retain);
        command.Parameters.AddWithValue("$eventId", message.HubAckId is { } id ? id.ToString() : DBNull.Value);
        command.Parameters.AddWithValue("$payload", message.Payload);
        command.Parameters.AddWithValue("$size", message.StoredBytes);
        command.Parameters.AddWithValue("$createdAt", now.ToUnixTimeMilliseconds());
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The first message of a device and priority after <paramref name="afterSeq"/>, or null.</summary>
    public OutboxEntry? Next(OutboxPriority priority, string deviceId, long afterSeq)
    {
        using var command = Command($"SELECT {EntryColumns} FROM outbox WHERE priority = $priority AND device_id = $device AND seq > $after ORDER BY seq LIMIT 1;");
        command.Parameters.AddWithValue("$priority", (int)priority);
        command.Parameters.AddWithValue("$device", deviceId);
        command.Parameters.AddWithValue("$after", afterSeq);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadEntry(reader) : null;
    }

    /// <summary>Every priority and device that has messages, for the sender's turns after a start.</summary>
    public IReadOnlyList<(OutboxPriority Priority, string DeviceId)> Queues()
    {
        using var command = Command("SELECT DISTINCT priority, device_id FROM outbox ORDER BY priority, device_id;");
        using var reader = command.ExecuteReader();
        var queues = new List<(OutboxPriority, string)>();
        while (reader.Read())
            queues.Add(((OutboxPriority)reader.GetInt32(0), reader.GetString(1)));
        return queues;
    }

    public RemovedRows Delete(IReadOnlyCollection<long> seqs) =>
        seqs.Count == 0 ? RemovedRows.None : Remove("DELETE FROM outbox WHERE seq IN (SELECT value FROM json_each($list))", JsonList(seqs));

    public RemovedRows DeleteConfirmed(IReadOnlyCollection<Guid> hubAckIds) =>
        hubAckIds.Count == 0
            ? RemovedRows.None
            : Remove("DELETE FROM outbox WHERE event_id IN (SELECT value FROM json_each($list))", JsonSerializer.Serialize([.. hubAckIds.Select(id => id.ToString())], OutboxJson.Default.StringArray));

    /// <summary>
    /// Downsamples the telemetry waiting to be sent: of each device's points, every second one goes, oldest kept, and
    /// the count of thinned points grows by as many, in one transaction. <paramref name="keep"/> are points the sender has in flight.
    /// </summary>
    public RemovedRows ThinTelemetry(IReadOnlyCollection<long> keep)
    {
        using var transaction = _connection.BeginTransaction();
        _transaction = transaction;
        try
        {
            var removed = Remove(
            """
            DELETE FROM outbox WHERE seq IN (
                SELECT seq FROM (
                    SELECT seq, row_number() OVER (PARTITION BY device_id ORDER BY seq) AS n
                    FROM outbox WHERE priority = 2 AND seq NOT IN (SELECT value FROM json_each($list)))
                WHERE n % 2 = 0)
            """,
            JsonList(keep));
            AddToCounter(ThinnedCounter, removed.Seqs.Count);
            transaction.Commit();
            return removed;
        }
        finally
        {
            _transaction = null;
        }
    }

    /// <summary>Counts a telemetry point that was not even stored, because the outbox is full of what ranks higher.</summary>
    public void CountThinned(long points) => AddToCounter(ThinnedCounter, points);

    public long Thinned() => Scalar($"SELECT coalesce((SELECT value FROM counters WHERE name = '{ThinnedCounter}'), 0);");

    public (long[] CountByPriority, long Bytes) Totals()
    {
        using var command = Command("SELECT priority, count(*), total(size) FROM outbox GROUP BY priority;");
        using var reader = command.ExecuteReader();
        var counts = new long[3];
        var bytes = 0L;
        while (reader.Read())
        {
            counts[reader.GetInt32(0)] = reader.GetInt64(1);
            bytes += (long)reader.GetDouble(2);
        }
        return (counts, bytes);
    }

    /// <summary>When the longest-waiting message was taken, or null for an empty outbox.</summary>
    public DateTimeOffset? OldestCreatedAt()
    {
        using var command = Command("SELECT created_at FROM outbox ORDER BY seq LIMIT 1;");
        return command.ExecuteScalar() is long milliseconds ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds) : null;
    }

    public void Dispose() => _connection.Dispose();

    private static SqliteConnection? TryOpen(string path, out string? unreadable)
    {
        unreadable = null;
        // No pooling: disposing closes the file, which moving an unreadable one aside and the tests rely on.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        try
        {
            connection.Open();
            unreadable = Check(connection);
            if (unreadable is null)
                return connection;
        }
        catch (SqliteException e) when (IsUnreadable(e))
        {
            unreadable = e.Message;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        connection.Dispose();
        return null;
    }

    /// <summary>Null when the file is a sound outbox of this version (created now if it was empty), else what is wrong.</summary>
    private static string? Check(SqliteConnection connection)
    {
        var integrity = Scalar(connection, "PRAGMA quick_check;") as string;
        if (integrity != "ok")
            return $"the integrity check failed: {integrity}";
        var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version;"), CultureInfo.InvariantCulture);
        var tables = Convert.ToInt32(Scalar(connection, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%';"), CultureInfo.InvariantCulture);
        switch (version)
        {
            case 0 when tables == 0:
                Execute(connection, ConnectionPragmas);
                using (var transaction = connection.BeginTransaction())
                {
                    Execute(connection, Schema, transaction);
                    transaction.Commit();
                }
                return null;
            case 0:
                return "it is an SQLite database, but not an outbox";
            case SchemaVersion:
                Execute(connection, ConnectionPragmas);
                return null;
            default:
                return $"it has schema version {version}, written by a newer agent (this one reads version {SchemaVersion})";
        }
    }

    // SQLITE_CORRUPT and SQLITE_NOTADB: the file's content is at fault, not the environment.
    private static bool IsUnreadable(SqliteException e) => e.SqliteErrorCode is 11 or 26;

    private static string MoveAside(string path, TimeProvider time)
    {
        var suffix = ".unreadable-" + time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var movedTo = path + suffix;
        File.Move(path, movedTo);
        // The log belongs to the moved file; the shared-memory index is rebuilt from it and is worthless alone.
        if (File.Exists(path + "-wal"))
            File.Move(path + "-wal", movedTo + "-wal");
        File.Delete(path + "-shm");
        return movedTo;
    }

    private RemovedRows Remove(string deleteWithoutReturning, string list)
    {
        using var command = Command(deleteWithoutReturning + " RETURNING seq, priority, size;");
        command.Parameters.AddWithValue("$list", list);
        using var reader = command.ExecuteReader();
        var seqs = new List<long>();
        var counts = new long[3];
        var bytes = 0L;
        while (reader.Read())
        {
            seqs.Add(reader.GetInt64(0));
            counts[reader.GetInt32(1)]++;
            bytes += reader.GetInt64(2);
        }
        return new RemovedRows(seqs, counts, bytes);
    }

    private void AddToCounter(string name, long amount)
    {
        if (amount == 0)
            return;
        using var command = Command("INSERT INTO counters (name, value) VALUES ($name, $amount) ON CONFLICT (name) DO UPDATE SET value = value + excluded.value;");
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$amount", amount);
        command.ExecuteNonQuery();
    }

    private static string JsonList(IReadOnlyCollection<long> seqs) => JsonSerializer.Serialize([.. seqs], OutboxJson.Default.Int64Array);

    private static OutboxEntry ReadEntry(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        new OutboxMessage(
            (OutboxPriority)reader.GetInt32(1),
            reader.GetString(2),
            reader.GetString(3),
            reader.GetBoolean(4),
            reader.IsDBNull(5) ? null : Guid.Parse(reader.GetString(5)),
            (byte[])reader.GetValue(6)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)));

    private long Scalar(string sql) => (long)Scalar(_connection, sql)!;

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        return command;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

[JsonSerializable(typeof(long[]))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class OutboxJson : JsonSerializerContext;
