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
        // The incident loop: repeats aggregated, states, escalation tiers and deadlines, an append-only audit trail;
        // places, registered gateways and people. Existing incidents become reported, at community tier, with their
        // own event and a first audit entry.
        """
        ALTER TABLE incidents ADD COLUMN tier INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE incidents ADD COLUMN assignee TEXT;
        ALTER TABLE incidents ADD COLUMN deadline_at TEXT;
        ALTER TABLE incidents ADD COLUMN event_count INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE incidents ADD COLUMN last_occurred_at TEXT;
        ALTER TABLE incidents ADD COLUMN quarantine TEXT;
        ALTER TABLE incidents ADD COLUMN open_key TEXT;
        UPDATE incidents SET last_occurred_at = occurred_at;
        CREATE UNIQUE INDEX incidents_open_key ON incidents (open_key) WHERE open_key IS NOT NULL;
        CREATE INDEX incidents_by_deadline ON incidents (deadline_at) WHERE deadline_at IS NOT NULL;

        CREATE TABLE incident_events (
            event_id      TEXT PRIMARY KEY,
            incident_id   TEXT NOT NULL REFERENCES incidents (id),
            level         INTEGER NOT NULL,
            occurred_at   TEXT NOT NULL,
            received_at   TEXT NOT NULL,
            evidence_kind TEXT,
            evidence_uri  TEXT
        );
        CREATE INDEX incident_events_by_incident ON incident_events (incident_id, occurred_at);
        INSERT INTO incident_events SELECT event_id, id, level, occurred_at, received_at, evidence_kind, evidence_uri FROM incidents;

        CREATE TABLE incident_audit (
            seq         INTEGER PRIMARY KEY AUTOINCREMENT,
            incident_id TEXT NOT NULL REFERENCES incidents (id),
            at          TEXT NOT NULL,
            actor       TEXT NOT NULL,
            action      TEXT NOT NULL,
            state       TEXT NOT NULL,
            tier        INTEGER NOT NULL,
            assignee    TEXT,
            note        TEXT
        );
        CREATE INDEX incident_audit_by_incident ON incident_audit (incident_id, seq);
        INSERT INTO incident_audit (incident_id, at, actor, action, state, tier) SELECT id, received_at, 'system', 'reported', 'reported', 1 FROM incidents ORDER BY received_at;
        CREATE TRIGGER incident_audit_no_update BEFORE UPDATE ON incident_audit BEGIN SELECT RAISE(ABORT, 'the incident audit trail is append-only'); END;
        CREATE TRIGGER incident_audit_no_delete BEFORE DELETE ON incident_audit BEGIN SELECT RAISE(ABORT, 'the incident audit trail is append-only'); END;

        CREATE TABLE places (
            id        TEXT PRIMARY KEY,
            parent_id TEXT,
            level     TEXT NOT NULL,
            name      TEXT NOT NULL,
            code      TEXT
        );
        CREATE TABLE site_gateways (
            gateway_id TEXT PRIMARY KEY,
            community  TEXT NOT NULL
        );
        CREATE TABLE people (
            login         TEXT PRIMARY KEY,
            name          TEXT NOT NULL,
            role          TEXT NOT NULL,
            phone         TEXT,
            password_hash TEXT NOT NULL,
            failed_logins INTEGER NOT NULL DEFAULT 0,
            locked_until  TEXT
        );
        CREATE TABLE person_scopes (
            login    TEXT NOT NULL,
            place_id TEXT NOT NULL,
            PRIMARY KEY (login, place_id)
        );
        CREATE TABLE access_audit (
            seq     INTEGER PRIMARY KEY AUTOINCREMENT,
            at      TEXT NOT NULL,
            login   TEXT NOT NULL,
            remote  TEXT,
            action  TEXT NOT NULL,
            outcome TEXT NOT NULL,
            subject TEXT
        );
        CREATE TRIGGER access_audit_no_update BEFORE UPDATE ON access_audit BEGIN SELECT RAISE(ABORT, 'the access audit trail is append-only'); END;
        CREATE TRIGGER access_audit_no_delete BEFORE DELETE ON access_audit BEGIN SELECT RAISE(ABORT, 'the access audit trail is append-only'); END;
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
