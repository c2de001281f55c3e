using System.Collections.Frozen;

namespace EdgeSecurity.Hub.Storage;

/// <summary>
/// The schema, one step per version, for each provider. The steps are the same SQL where the databases agree; where
/// they differ (identity columns, append-only triggers) each gets its own text, so version N means the same tables in
/// both.
/// </summary>
internal static class Migrations
{
    private const string V1 =
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
        """;

    private const string V2 =
        """
        ALTER TABLE gateways ADD COLUMN backlog_events INTEGER;
        ALTER TABLE gateways ADD COLUMN backlog_states INTEGER;
        ALTER TABLE gateways ADD COLUMN backlog_telemetry INTEGER;
        ALTER TABLE gateways ADD COLUMN backlog_oldest_age_seconds INTEGER;
        ALTER TABLE gateways ADD COLUMN backlog_thinned_telemetry INTEGER;
        """;

    // The incident loop: repeats aggregated, states, escalation tiers and deadlines, an append-only audit trail;
    // places, registered gateways and people. Existing incidents become reported, at community tier, with their own
    // event and a first audit entry.
    private const string V3 =
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
            seq         {identity},
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
            seq     {identity},
            at      TEXT NOT NULL,
            login   TEXT NOT NULL,
            remote  TEXT,
            action  TEXT NOT NULL,
            outcome TEXT NOT NULL,
            subject TEXT
        );
        """;

    // Session cookies are signed with keys kept in the shared database, so every hub of a deployment accepts them.
    private const string V4 =
        """
        CREATE TABLE data_protection_keys (
            name TEXT PRIMARY KEY,
            xml  TEXT NOT NULL
        );
        """;

    // Police and duty alerting: who wants which incidents by which channel, and every notification with its delivery status.
    private const string V5 =
        """
        CREATE TABLE notification_subscriptions (
            id         {identity},
            login      TEXT NOT NULL,
            channel    TEXT NOT NULL,
            target     TEXT NOT NULL,
            secret     TEXT,
            types      TEXT NOT NULL,
            min_level  INTEGER NOT NULL,
            places     TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX notification_subscriptions_by_login ON notification_subscriptions (login);
        CREATE TABLE notifications (
            id              {identity},
            subscription_id BIGINT NOT NULL,
            incident_id     TEXT NOT NULL,
            login           TEXT NOT NULL,
            channel         TEXT NOT NULL,
            status          TEXT NOT NULL,
            attempts        INTEGER NOT NULL,
            last_error      TEXT,
            created_at      TEXT NOT NULL,
            next_attempt_at TEXT,
            sent_at         TEXT,
            UNIQUE (subscription_id, incident_id)
        );
        CREATE INDEX notifications_due ON notifications (status, next_attempt_at);
        CREATE INDEX notifications_by_login ON notifications (login, id);
        """;

    // Forwarding to upstreams (hub/Hub/Forwarding): one row per record revision and upstream, the transactional outbox
    // filled in the transaction that changes the incident; and the status-callback ids already taken.
    private const string V6 =
        """
        CREATE TABLE upstream_outbox (
            upstream        TEXT NOT NULL,
            incident_id     TEXT NOT NULL REFERENCES incidents (id),
            revision        INTEGER NOT NULL,
            record          TEXT NOT NULL,
            status          TEXT NOT NULL,
            attempts        INTEGER NOT NULL DEFAULT 0,
            created_at      TEXT NOT NULL,
            next_attempt_at TEXT NOT NULL,
            claimed_by      TEXT,
            claimed_until   TEXT,
            last_status     INTEGER,
            last_error      TEXT,
            finished_at     TEXT,
            PRIMARY KEY (upstream, incident_id, revision)
        );
        CREATE INDEX upstream_outbox_due ON upstream_outbox (upstream, next_attempt_at) WHERE status = 'pending';
        CREATE INDEX upstream_outbox_dead ON upstream_outbox (finished_at) WHERE status = 'dead';

        CREATE TABLE upstream_seen_ids (
            id           TEXT PRIMARY KEY,
            forget_after TEXT NOT NULL
        );
        """;

    // Gateway modes: the mode each gateway reports, and every command the hub sent with who sent it and the answer.
    private const string V7 =
        """
        ALTER TABLE gateways ADD COLUMN mode TEXT;
        CREATE TABLE gateway_commands (
            command_id  TEXT PRIMARY KEY,
            gateway_id  TEXT NOT NULL,
            community   TEXT NOT NULL,
            command     TEXT NOT NULL,
            mode        TEXT,
            issued_at   TEXT NOT NULL,
            issued_by   TEXT NOT NULL,
            note        TEXT,
            status      TEXT NOT NULL,
            reason      TEXT,
            detail      TEXT,
            answered_at TEXT
        );
        CREATE INDEX gateway_commands_by_gateway ON gateway_commands (gateway_id, issued_at);
        """;

    // Gateway enrolment (hub/Hub/Enrolment): one-time codes (only their SHA-256 is kept) and each gateway's broker
    // account (only its mosquitto password hash is kept), from which the broker's password and ACL files are written.
    private const string V8 =
        """
        CREATE TABLE enrolment_codes (
            id          TEXT PRIMARY KEY,
            code_hash   TEXT NOT NULL UNIQUE,
            gateway_id  TEXT NOT NULL,
            community   TEXT NOT NULL,
            issued_by   TEXT NOT NULL,
            issued_at   TEXT NOT NULL,
            expires_at  TEXT NOT NULL,
            redeemed_at TEXT,
            revoked_at  TEXT,
            revoked_by  TEXT
        );
        CREATE INDEX enrolment_codes_by_gateway ON enrolment_codes (gateway_id, issued_at);
        CREATE TABLE broker_accounts (
            username      TEXT PRIMARY KEY,
            gateway_id    TEXT NOT NULL UNIQUE,
            community     TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            created_at    TEXT NOT NULL
        );
        """;

    // GA/T 1400 structured objects from the cameras (persons, vehicles, e-bikes), each uploaded once to the 视图库 and
    // pushed once per subscription of the platform's; the subscriptions the platform made with the hub.
    private const string V9 =
        """
        CREATE TABLE viid_objects (
            object_id      TEXT PRIMARY KEY,
            community      TEXT NOT NULL,
            gateway_id     TEXT NOT NULL,
            device_id      TEXT NOT NULL,
            kind           TEXT NOT NULL,
            label          TEXT NOT NULL,
            track_id       BIGINT NOT NULL,
            at             TEXT NOT NULL,
            box_left       INTEGER NOT NULL,
            box_top        INTEGER NOT NULL,
            box_right      INTEGER NOT NULL,
            box_bottom     INTEGER NOT NULL,
            frame_width    INTEGER NOT NULL,
            frame_height   INTEGER NOT NULL,
            confidence     DOUBLE PRECISION NOT NULL,
            direction      TEXT,
            image_uri      TEXT NOT NULL,
            image_width    INTEGER NOT NULL,
            image_height   INTEGER NOT NULL,
            received_at    TEXT NOT NULL,
            viid_id        TEXT,
            status         TEXT NOT NULL,
            attempts       INTEGER NOT NULL,
            next_attempt_at TEXT NOT NULL,
            claimed_until  TEXT,
            last_error     TEXT,
            finished_at    TEXT
        );
        CREATE INDEX viid_objects_due ON viid_objects (status, next_attempt_at);
        CREATE INDEX viid_objects_by_time ON viid_objects (received_at);

        CREATE TABLE viid_subscriptions (
            subscribe_id  TEXT PRIMARY KEY,
            title         TEXT NOT NULL,
            details       TEXT NOT NULL,
            resource_uri  TEXT NOT NULL,
            receive_addr  TEXT NOT NULL,
            begin_time    TEXT NOT NULL,
            end_time      TEXT NOT NULL,
            status        TEXT NOT NULL,
            created_at    TEXT NOT NULL,
            cancelled_at  TEXT,
            object        TEXT NOT NULL
        );

        CREATE TABLE viid_notifications (
            subscribe_id TEXT NOT NULL,
            object_id    TEXT NOT NULL,
            status       TEXT NOT NULL,
            attempts     INTEGER NOT NULL,
            next_attempt_at TEXT NOT NULL,
            last_error   TEXT,
            finished_at  TEXT,
            PRIMARY KEY (subscribe_id, object_id)
        );
        """;

    // Site plans an admin uploads per community (PNG or JPEG, kept in the database so every hub serves the same one), and
    // where each device or building sits on it, as fractions of the picture's width and height. BYTEA is a BLOB to SQLite.
    private const string V10 =
        """
        CREATE TABLE site_plans (
            community    TEXT PRIMARY KEY,
            content_type TEXT NOT NULL,
            width        INTEGER NOT NULL,
            height       INTEGER NOT NULL,
            sha256       TEXT NOT NULL,
            image        BYTEA NOT NULL,
            uploaded_by  TEXT NOT NULL,
            uploaded_at  TEXT NOT NULL
        );
        CREATE TABLE site_plan_markers (
            community  TEXT NOT NULL,
            marker_key TEXT NOT NULL,
            gateway_id TEXT,
            device_id  TEXT,
            building   TEXT,
            x          DOUBLE PRECISION NOT NULL,
            y          DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (community, marker_key)
        );
        """;

    // The evidence gateways uploaded, indexed by the time it arrived, so retention can purge files by age and keep the
    // ones an open incident still points at.
    private const string V11 =
        """
        CREATE TABLE evidence_files (
            uri         TEXT PRIMARY KEY,
            gateway_id  TEXT NOT NULL,
            received_at TEXT NOT NULL
        );
        CREATE INDEX evidence_files_by_time ON evidence_files (received_at);
        """;

    // Privacy: the check value that proves the personal data key is the one the data was encrypted with; the people
    // whose data an admin erased, so the site file does not bring them back.
    private const string V12 =
        """
        CREATE TABLE privacy_key (
            id          INTEGER PRIMARY KEY,
            check_value TEXT NOT NULL
        );
        CREATE TABLE privacy_erasures (
            login     TEXT PRIMARY KEY,
            erased_at TEXT NOT NULL,
            erased_by TEXT NOT NULL
        );
        """;

    private const string SqliteAppendOnly =
        """
        CREATE TRIGGER incident_audit_no_update BEFORE UPDATE ON incident_audit BEGIN SELECT RAISE(ABORT, 'the incident audit trail is append-only'); END;
        CREATE TRIGGER incident_audit_no_delete BEFORE DELETE ON incident_audit BEGIN SELECT RAISE(ABORT, 'the incident audit trail is append-only'); END;
        CREATE TRIGGER access_audit_no_update BEFORE UPDATE ON access_audit BEGIN SELECT RAISE(ABORT, 'the access audit trail is append-only'); END;
        CREATE TRIGGER access_audit_no_delete BEFORE DELETE ON access_audit BEGIN SELECT RAISE(ABORT, 'the access audit trail is append-only'); END;
        """;

    private const string PostgresAppendOnly =
        """
        CREATE FUNCTION refuse_change_to_audit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the % audit trail is append-only', TG_TABLE_NAME;
        END
        $$;
        CREATE TRIGGER incident_audit_append_only BEFORE UPDATE OR DELETE ON incident_audit FOR EACH ROW EXECUTE FUNCTION refuse_change_to_audit();
        CREATE TRIGGER access_audit_append_only BEFORE UPDATE OR DELETE ON access_audit FOR EACH ROW EXECUTE FUNCTION refuse_change_to_audit();
        """;

    private static readonly FrozenDictionary<StorageProvider, string[]> Steps = new Dictionary<StorageProvider, string[]>
    {
        [StorageProvider.Sqlite] = [V1, V2, V3.Replace("{identity}", "INTEGER PRIMARY KEY AUTOINCREMENT", StringComparison.Ordinal) + SqliteAppendOnly, V4,
            V5.Replace("{identity}", "INTEGER PRIMARY KEY AUTOINCREMENT", StringComparison.Ordinal), V6, V7, V8, V9, V10, V11, V12],
        [StorageProvider.Postgres] = [V1, V2, V3.Replace("{identity}", "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", StringComparison.Ordinal) + PostgresAppendOnly, V4,
            V5.Replace("{identity}", "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", StringComparison.Ordinal), V6, V7, V8, V9, V10, V11, V12],
    }.ToFrozenDictionary();

    public static IReadOnlyList<string> For(StorageProvider provider) => Steps[provider];
}
