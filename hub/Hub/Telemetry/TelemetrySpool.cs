using Microsoft.Data.Sqlite;

namespace EdgeSecurity.Hub.Telemetry;

/// <summary>One batch waiting on disk: its line-protocol body (uncompressed) and how many points it holds.</summary>
public sealed record SpooledBatch(long Id, byte[] Lines, int Points);

/// <summary>
/// Batches InfluxDB could not take, kept on disk in their own SQLite file next to the hub's database and sent
/// again oldest first. Bounded: a batch that would take it beyond its limit is refused and counted as dropped, so an
/// outage cannot fill the disk. Refusing the newest rather than dropping the oldest loses nothing that was promised:
/// spooled points were confirmed to their gateways, which have forgotten them, while a refused batch's points are
/// still in their gateways' outboxes and come again (thinned there if they have to wait long). Only the writer's loop
/// uses it, through one connection.
/// </summary>
public sealed class TelemetrySpool : IDisposable
{
    // WAL with synchronous=FULL: a spooled batch is confirmed to its gateways, which then forget its points, so it must
    // survive a power cut of the hub, not only a crash. The fsync per commit is cheap here: a batch holds up to
    // BatchSize points and is spooled at most once per FlushInterval while InfluxDB is down.
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = FULL;
        CREATE TABLE IF NOT EXISTS batch (id INTEGER PRIMARY KEY AUTOINCREMENT, lines BLOB NOT NULL, points INTEGER NOT NULL);
        """;

    private readonly SqliteConnection _connection;
    private readonly long _maxBytes;
    private readonly TelemetryStats _stats;
    private long _points;
    private long _bytes;

    public TelemetrySpool(string path, long maxBytes, TelemetryStats stats, ILogger<TelemetrySpool> logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _maxBytes = maxBytes;
        _stats = stats;
        try
        {
            (_connection, _points, _bytes) = Open(path);
        }
        catch (SqliteException e)
        {
            // Telemetry must never keep the hub from starting: the unreadable file is kept aside for a look, and a new one begins.
            var aside = $"{path}.corrupt-{DateTime.UtcNow:yyyyMMddHHmmss}";
            logger.LogError("Telemetry: the spool {Path} is unreadable ({Error}); moved to {Aside}, starting an empty one", path, e.Message, aside);
            File.Move(path, aside);
            foreach (var suffix in new[] { "-wal", "-shm" })
            {
                if (File.Exists(path + suffix))
                    File.Move(path + suffix, aside + suffix);
            }
            (_connection, _points, _bytes) = Open(path);
        }
        Publish();
    }

    public bool IsEmpty => _points == 0;

    /// <summary>Stores the batch; false (counted as dropped) when it does not fit within the limit.</summary>
    public bool Append(ReadOnlySpan<byte> lines, int points)
    {
        if (_bytes + lines.Length > _maxBytes)
        {
            _stats.AddDropped(points, $"the telemetry spool is full ({_maxBytes / (1024 * 1024)} MB): new points were refused; gateways send theirs again");
            return false;
        }
        using (var insert = Command("INSERT INTO batch (lines, points) VALUES ($lines, $points)"))
        {
            insert.Parameters.AddWithValue("$lines", lines.ToArray());
            insert.Parameters.AddWithValue("$points", points);
            insert.ExecuteNonQuery();
        }
        _points += points;
        _bytes += lines.Length;
        Publish();
        return true;
    }

    public SpooledBatch? Oldest()
    {
        using var select = Command("SELECT id, lines, points FROM batch ORDER BY id LIMIT 1");
        using var reader = select.ExecuteReader();
        return reader.Read() ? new SpooledBatch(reader.GetInt64(0), (byte[])reader.GetValue(1), reader.GetInt32(2)) : null;
    }

    public void Remove(SpooledBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var delete = Command("DELETE FROM batch WHERE id = $id");
        delete.Parameters.AddWithValue("$id", batch.Id);
        delete.ExecuteNonQuery();
        _points -= batch.Points;
        _bytes -= batch.Lines.Length;
        Publish();
    }

    public void Dispose() => _connection.Dispose();

    /// <summary>Opens the file and reads what it holds; reading every batch's size also finds a damaged file at start.</summary>
    private static (SqliteConnection Connection, long Points, long Bytes) Open(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        // No pooling: the file may be moved aside after a failed open, and only one connection ever uses it.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        try
        {
            connection.Open();
            using var schema = connection.CreateCommand();
            schema.CommandText = Schema;
            schema.ExecuteNonQuery();
            using var totals = connection.CreateCommand();
            totals.CommandText = "SELECT coalesce(sum(points), 0), coalesce(sum(length(lines)), 0) FROM batch";
            using var reader = totals.ExecuteReader();
            reader.Read();
            return (connection, reader.GetInt64(0), reader.GetInt64(1));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private void Publish() => _stats.SetSpool(_points, _bytes);
}
