using Microsoft.Data.Sqlite;

namespace EdgeSecurity.Hub.Storage;

/// <summary>
/// Brings the database file to the schema this build expects before anything else touches it.
/// Each migration runs once, in its own transaction, and bumps schema_version.
/// </summary>
public sealed class SchemaMigrator(HubDatabase database, ILogger<SchemaMigrator> logger) : IHostedService
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE incidents (
            id             TEXT PRIMARY KEY,
            event_id       TEXT NOT NULL UNIQUE,
            community      TEXT NOT NULL,
            gateway_id     TEXT NOT NULL,
            device_id      TEXT NOT NULL,
            place_grid     TEXT,
            place_building TEXT,
            place_unit     TEXT,
            place_floor    TEXT,
            place_room     TEXT,
            type           TEXT NOT NULL,
            level          INTEGER NOT NULL,
            state          TEXT NOT NULL,
            occurred_at    TEXT NOT NULL,
            published_at   TEXT NOT NULL,
            received_at    TEXT NOT NULL,
            updated_at     TEXT NOT NULL,
            evidence_kind  TEXT,
            evidence_uri   TEXT,
            is_test        INTEGER NOT NULL,
            attributes     TEXT NOT NULL
        );
        CREATE INDEX incidents_by_time ON incidents (occurred_at DESC, id DESC);
        CREATE INDEX incidents_by_community_time ON incidents (community, occurred_at DESC, id DESC);

        CREATE TABLE gateways (
            gateway_id        TEXT PRIMARY KEY,
            community         TEXT NOT NULL,
            state             TEXT,
            last_status_at    TEXT,
            last_heartbeat_at TEXT,
            agent_version     TEXT,
            uptime_seconds    INTEGER,
            device_count      INTEGER
        );

        CREATE TABLE device_states (
            gateway_id TEXT NOT NULL,
            device_id  TEXT NOT NULL,
            state      TEXT NOT NULL,
            at         TEXT NOT NULL,
            PRIMARY KEY (gateway_id, device_id)
        );
        """,
        """
        ALTER TABLE gateways ADD COLUMN backlog_events INTEGER;
        ALTER TABLE gateways ADD COLUMN backlog_states INTEGER;
        ALTER TABLE gateways ADD COLUMN backlog_telemetry INTEGER;
        ALTER TABLE gateways ADD COLUMN backlog_oldest_age_seconds INTEGER;
        ALTER TABLE gateways ADD COLUMN backlog_thinned_telemetry INTEGER;
        """,
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(database.Path);
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL; CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);", cancellationToken).ConfigureAwait(false);

        // BEGIN IMMEDIATE (Microsoft.Data.Sqlite's default) and reading the version inside the transaction
        // keep two hubs started on the same file from applying a migration twice.
        while (true)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var current = await CurrentVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            if (current > Migrations.Length)
                throw new InvalidOperationException($"The database {database.Path} has schema version {current}, newer than this hub's {Migrations.Length}; run a newer hub or restore a backup.");
            if (current == Migrations.Length)
                return;

            var next = current + 1;
            await ExecuteAsync(connection, transaction, Migrations[next - 1], cancellationToken).ConfigureAwait(false);
            await using var bump = connection.CreateCommand();
            bump.Transaction = transaction;
            bump.CommandText = "DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES ($version);";
            bump.Parameters.AddWithValue("$version", next);
            await bump.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Database {Path} migrated to schema version {Version}", database.Path, next);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task<int> CurrentVersionAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT coalesce(max(version), 0) FROM schema_version;";
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
