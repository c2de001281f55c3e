using Microsoft.Data.Sqlite;

namespace EdgeSecurity.GovernanceReceiver;

/// <summary>One row per idempotency key, in SQLite with synchronous=FULL: a record confirmed to a hub survives a crash.</summary>
public sealed class RecordStore
{
    private readonly string _connectionString;

    public RecordStore(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
            Directory.CreateDirectory(folder);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS records (
                idempotency_key TEXT PRIMARY KEY,
                incident_id TEXT NOT NULL,
                revision INTEGER NOT NULL,
                key_id TEXT NOT NULL,
                received_at TEXT NOT NULL,
                event_json TEXT NOT NULL,
                duplicates INTEGER NOT NULL DEFAULT 0);
            """;
        command.ExecuteNonQuery();
    }

    /// <summary>Keeps the record unless its key is known; true when it was new.</summary>
    public bool Add(string idempotencyKey, string incidentId, long revision, string keyId, DateTimeOffset receivedAt, string eventJson)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO records (idempotency_key, incident_id, revision, key_id, received_at, event_json) VALUES ($key, $incident, $revision, $keyId, $at, $json)
            ON CONFLICT (idempotency_key) DO UPDATE SET duplicates = duplicates + 1
            RETURNING duplicates;
            """;
        command.Parameters.AddWithValue("$key", idempotencyKey);
        command.Parameters.AddWithValue("$incident", incidentId);
        command.Parameters.AddWithValue("$revision", revision);
        command.Parameters.AddWithValue("$keyId", keyId);
        command.Parameters.AddWithValue("$at", receivedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$json", eventJson);
        return (long)command.ExecuteScalar()! == 0;
    }

    public IReadOnlyList<ReceivedRecord> List()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT idempotency_key, incident_id, revision, key_id, received_at, event_json, duplicates FROM records ORDER BY rowid";
        using var reader = command.ExecuteReader();
        var records = new List<ReceivedRecord>();
        while (reader.Read())
        {
            records.Add(new ReceivedRecord(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3),
                DateTimeOffset.Parse(reader.GetString(4), System.Globalization.CultureInfo.InvariantCulture), reader.GetString(5), reader.GetInt64(6)));
        }
        return records;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;";
        pragma.ExecuteNonQuery();
        return connection;
    }
}

/// <param name="EventJson">The CloudEvent exactly as it arrived.</param>
/// <param name="Duplicates">How many times it arrived again after the first.</param>
public sealed record ReceivedRecord(string IdempotencyKey, string IncidentId, long Revision, string KeyId, DateTimeOffset ReceivedAt, string EventJson, long Duplicates);
