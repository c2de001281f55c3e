using System.Text.Json;
using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Places;
using EdgeSecurity.Hub.Storage;
using Microsoft.Data.Sqlite;

namespace EdgeSecurity.Hub.Incidents;

public enum RecordOutcome { Created, Joined, Duplicate }

/// <summary>
/// Incidents, their events and their audit trail. Every change is one transaction that also appends its audit entry,
/// and every change of state is conditional on the state it was decided from, so two operators (or two hubs) acting at
/// once never both succeed.
/// </summary>
public sealed class IncidentStore(HubDatabase database)
{
    public const string SystemActor = "system";

    private const string Columns =
        "id, event_id, gateway_id, device_id, community, place_grid, place_building, place_unit, place_floor, place_room, type, level, state, " +
        "occurred_at, published_at, received_at, updated_at, evidence_kind, evidence_uri, is_test, attributes, " +
        "tier, assignee, deadline_at, event_count, last_occurred_at, quarantine";

    /// <summary>
    /// Stores an accepted event: a new incident, or a repeat joining the open incident of the same gateway, device and
    /// type. A redelivered event (same eventId) changes nothing. Once it returns, the change is on disk.
    /// </summary>
    public async Task<(RecordOutcome Outcome, Incident? Incident)> RecordAsync(EdgeEvent e, DateTimeOffset now, string? quarantine, DateTimeOffset? deadlineAt, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct).ConfigureAwait(false);

        await using (var seen = Command(connection, transaction, "SELECT 1 FROM incident_events WHERE event_id = $eventId;"))
        {
            seen.Parameters.AddWithValue("$eventId", e.EventId.ToString());
            if (await seen.ExecuteScalarAsync(ct).ConfigureAwait(false) is not null)
                return (RecordOutcome.Duplicate, null);
        }

        var openKey = Incident.OpenKeyOf(e.Place.Community, e.GatewayId, e.DeviceId, e.Type.Code, e.IsTest);
        var open = await FindAsync(connection, transaction, "open_key = $key", ("$key", openKey), ct).ConfigureAwait(false);
        Incident incident;
        RecordOutcome outcome;
        if (open is null)
        {
            incident = Incident.FromEvent(e, now, quarantine, deadlineAt);
            await InsertAsync(connection, transaction, incident, openKey, ct).ConfigureAwait(false);
            await AppendAuditAsync(connection, transaction, incident, now, SystemActor, "reported", null, ct).ConfigureAwait(false);
            outcome = RecordOutcome.Created;
        }
        else
        {
            var occurredAt = e.OccurredAt.ToUniversalTime();
            incident = open with
            {
                EventCount = open.EventCount + 1,
                LastOccurredAt = occurredAt > open.LastOccurredAt ? occurredAt : open.LastOccurredAt,
                Level = e.Level > open.Level ? e.Level : open.Level,
                Evidence = e.Evidence ?? open.Evidence,
                UpdatedAt = now,
            };
            await using var update = Command(connection, transaction,
                "UPDATE incidents SET event_count = $count, last_occurred_at = $last, level = $level, evidence_kind = $evidenceKind, evidence_uri = $evidenceUri, " +
                "updated_at = $now WHERE id = $id;");
            update.Parameters.AddWithValue("$count", incident.EventCount);
            update.Parameters.AddWithValue("$last", SqliteValues.Timestamp(incident.LastOccurredAt));
            update.Parameters.AddWithValue("$level", (int)incident.Level);
            update.Parameters.AddWithValue("$evidenceKind", SqliteValues.Nullable(incident.Evidence is null ? null : ApiNames.Of(incident.Evidence.Kind)));
            update.Parameters.AddWithValue("$evidenceUri", SqliteValues.Nullable(incident.Evidence?.Uri));
            update.Parameters.AddWithValue("$now", SqliteValues.Timestamp(now));
            update.Parameters.AddWithValue("$id", incident.Id.ToString());
            await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            await AppendAuditAsync(connection, transaction, incident, now, SystemActor, "repeated", $"event {e.EventId}", ct).ConfigureAwait(false);
            outcome = RecordOutcome.Joined;
        }

        await using (var link = Command(connection, transaction,
            "INSERT INTO incident_events (event_id, incident_id, level, occurred_at, received_at, evidence_kind, evidence_uri) " +
            "VALUES ($eventId, $incidentId, $level, $occurredAt, $receivedAt, $evidenceKind, $evidenceUri);"))
        {
            link.Parameters.AddWithValue("$eventId", e.EventId.ToString());
            link.Parameters.AddWithValue("$incidentId", incident.Id.ToString());
            link.Parameters.AddWithValue("$level", (int)e.Level);
            link.Parameters.AddWithValue("$occurredAt", SqliteValues.Timestamp(e.OccurredAt));
            link.Parameters.AddWithValue("$receivedAt", SqliteValues.Timestamp(now));
            link.Parameters.AddWithValue("$evidenceKind", SqliteValues.Nullable(e.Evidence is null ? null : ApiNames.Of(e.Evidence.Kind)));
            link.Parameters.AddWithValue("$evidenceUri", SqliteValues.Nullable(e.Evidence?.Uri));
            await link.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return (outcome, incident);
    }

    /// <summary>
    /// Writes <paramref name="changed"/> over <paramref name="current"/> if the incident is still exactly as it was read
    /// (same state, tier and last update), with its audit entry. False when someone else changed it first.
    /// </summary>
    /// <exception cref="OpenIncidentExistsException">A reopened incident's device and type already have a newer open incident.</exception>
    public async Task<bool> TryChangeAsync(Incident current, Incident changed, string actor, string action, string? note, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using (var update = Command(connection, transaction,
            "UPDATE incidents SET state = $state, tier = $tier, assignee = $assignee, deadline_at = $deadline, updated_at = $now, open_key = $openKey " +
            "WHERE id = $id AND state = $fromState AND tier = $fromTier AND updated_at = $fromUpdated;"))
        {
            var p = update.Parameters;
            p.AddWithValue("$state", ApiNames.Of(changed.State));
            p.AddWithValue("$tier", (int)changed.Tier);
            p.AddWithValue("$assignee", SqliteValues.Nullable(changed.Assignee));
            p.AddWithValue("$deadline", changed.DeadlineAt is { } deadline ? SqliteValues.Timestamp(deadline) : DBNull.Value);
            p.AddWithValue("$now", SqliteValues.Timestamp(changed.UpdatedAt));
            p.AddWithValue("$openKey", changed.State.IsOpen() ? changed.OpenKey : DBNull.Value);
            p.AddWithValue("$id", current.Id.ToString());
            p.AddWithValue("$fromState", ApiNames.Of(current.State));
            p.AddWithValue("$fromTier", (int)current.Tier);
            p.AddWithValue("$fromUpdated", SqliteValues.Timestamp(current.UpdatedAt));
            try
            {
                if (await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 0)
                    return false;
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 19)
            {
                throw new OpenIncidentExistsException(current.OpenKey);
            }
        }
        await AppendAuditAsync(connection, transaction, changed, changed.UpdatedAt, actor, action, note, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>Open incidents whose deadline has passed, oldest deadline first; quarantined ones have none.</summary>
    public async Task<IReadOnlyList<Incident>> OverdueAsync(DateTimeOffset now, int limit, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = Command(connection, null, $"SELECT {Columns} FROM incidents WHERE deadline_at <= $now ORDER BY deadline_at LIMIT $limit;");
        command.Parameters.AddWithValue("$now", SqliteValues.Timestamp(now));
        command.Parameters.AddWithValue("$limit", limit);
        return await ReadAllAsync(command, ct).ConfigureAwait(false);
    }

    /// <summary>Quarantined incidents of communities now known, released with a deadline from now.</summary>
    public async Task<IReadOnlyList<Incident>> QuarantinedAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = Command(connection, null, $"SELECT {Columns} FROM incidents WHERE quarantine IS NOT NULL ORDER BY received_at;");
        return await ReadAllAsync(command, ct).ConfigureAwait(false);
    }

    /// <summary>Lifts the quarantine of an incident whose place is now known, starting its deadline; false if it changed meanwhile.</summary>
    public async Task<bool> TryReleaseAsync(Incident incident, DateTimeOffset now, DateTimeOffset? deadlineAt, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using (var update = Command(connection, transaction,
            "UPDATE incidents SET quarantine = NULL, deadline_at = $deadline, updated_at = $now WHERE id = $id AND quarantine IS NOT NULL AND updated_at = $fromUpdated;"))
        {
            update.Parameters.AddWithValue("$deadline", deadlineAt is { } d ? SqliteValues.Timestamp(d) : DBNull.Value);
            update.Parameters.AddWithValue("$now", SqliteValues.Timestamp(now));
            update.Parameters.AddWithValue("$id", incident.Id.ToString());
            update.Parameters.AddWithValue("$fromUpdated", SqliteValues.Timestamp(incident.UpdatedAt));
            if (await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 0)
                return false;
        }
        await AppendAuditAsync(connection, transaction, incident, now, SystemActor, "released", $"quarantine lifted ({incident.Quarantine}): the place is now known", ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    public async Task<Incident?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        return await FindAsync(connection, null, "id = $id", ("$id", id.ToString()), ct).ConfigureAwait(false);
    }

    public async Task<IncidentDetail?> DetailAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: true);
        var incident = await FindAsync(connection, transaction, "id = $id", ("$id", id.ToString()), ct).ConfigureAwait(false);
        if (incident is null)
            return null;

        var events = new List<IncidentEvent>();
        await using (var command = Command(connection, transaction,
            "SELECT event_id, level, occurred_at, received_at, evidence_kind, evidence_uri FROM incident_events WHERE incident_id = $id ORDER BY occurred_at, received_at;"))
        {
            command.Parameters.AddWithValue("$id", id.ToString());
            await using var r = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false))
                events.Add(new IncidentEvent(Guid.Parse(r.GetString(0)), (WarningLevel)r.GetInt32(1), r.GetTimestamp(2), r.GetTimestamp(3), Evidence(r, 4)));
        }

        var timeline = new List<AuditEntry>();
        await using (var command = Command(connection, transaction,
            "SELECT seq, at, actor, action, state, tier, assignee, note FROM incident_audit WHERE incident_id = $id ORDER BY seq;"))
        {
            command.Parameters.AddWithValue("$id", id.ToString());
            await using var r = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false))
                timeline.Add(new AuditEntry(r.GetInt64(0), r.GetTimestamp(1), r.GetString(2), r.GetString(3), ApiNames.Parse<IncidentState>(r.GetString(4)),
                    (EscalationTier)r.GetInt32(5), r.GetNullableString(6), r.GetNullableString(7)));
        }
        return new IncidentDetail(incident, events, timeline);
    }

    /// <summary>Newest first, only what <paramref name="visibility"/> lets its person see. Count and page come from one read transaction.</summary>
    public async Task<IncidentPage> QueryAsync(IncidentQuery query, IncidentVisibility visibility, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: true);

        var filter = SqlFilter.From(query, visibility);

        await using var count = Command(connection, transaction, $"SELECT count(*) FROM incidents WHERE {filter.Where};");
        filter.BindTo(count);
        var total = (long)(await count.ExecuteScalarAsync(ct).ConfigureAwait(false))!;

        await using var page = Command(connection, transaction, $"SELECT {Columns} FROM incidents WHERE {filter.Where} ORDER BY occurred_at DESC, id DESC LIMIT $limit OFFSET $offset;");
        filter.BindTo(page);
        page.Parameters.AddWithValue("$limit", query.PageSize);
        page.Parameters.AddWithValue("$offset", (long)(query.Page - 1) * query.PageSize);
        return new IncidentPage(await ReadAllAsync(page, ct).ConfigureAwait(false), query.Page, query.PageSize, total);
    }

    /// <summary>
    /// Every stored event of a community in the order the hub received them, with the incident each joined: the raw
    /// event log behind the aggregated incidents, for audits and delivery checks.
    /// </summary>
    public async Task<EventLogPage> EventLogAsync(string community, int page, int pageSize, IncidentVisibility visibility, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        var (visible, values) = visibility.ToSql();
        await using var command = Command(connection, null,
            "SELECT e.event_id, e.incident_id, i.gateway_id, i.device_id, i.type, e.level, e.occurred_at, e.received_at FROM incident_events e " +
            $"JOIN incidents i ON i.id = e.incident_id WHERE i.community = $community AND ({visible}) ORDER BY e.received_at, e.event_id LIMIT $limit OFFSET $offset;");
        command.Parameters.AddWithValue("$community", community);
        foreach (var (name, value) in values)
            command.Parameters.AddWithValue(name, value);
        command.Parameters.AddWithValue("$limit", pageSize);
        command.Parameters.AddWithValue("$offset", (long)(page - 1) * pageSize);
        var items = new List<LoggedEvent>();
        await using var r = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            items.Add(new LoggedEvent(Guid.Parse(r.GetString(0)), Guid.Parse(r.GetString(1)), r.GetString(2), r.GetString(3), r.GetString(4), (WarningLevel)r.GetInt32(5), r.GetTimestamp(6), r.GetTimestamp(7)));
        return new EventLogPage(items, page, pageSize);
    }

    private static async Task<Incident?> FindAsync(SqliteConnection connection, SqliteTransaction? transaction, string condition, (string Name, string Value) parameter, CancellationToken ct)
    {
        await using var command = Command(connection, transaction, $"SELECT {Columns} FROM incidents WHERE {condition};");
        command.Parameters.AddWithValue(parameter.Name, parameter.Value);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? Read(reader) : null;
    }

    private static async Task<IReadOnlyList<Incident>> ReadAllAsync(SqliteCommand command, CancellationToken ct)
    {
        var items = new List<Incident>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            items.Add(Read(reader));
        return items;
    }

    private static async Task InsertAsync(SqliteConnection connection, SqliteTransaction transaction, Incident incident, string openKey, CancellationToken ct)
    {
        await using var command = Command(connection, transaction,
            $"INSERT INTO incidents ({Columns}, open_key) VALUES ($id, $eventId, $gatewayId, $deviceId, $community, $grid, $building, $unit, $floor, $room, $type, $level, $state, " +
            "$occurredAt, $publishedAt, $receivedAt, $updatedAt, $evidenceKind, $evidenceUri, $isTest, $attributes, $tier, NULL, $deadline, 1, $occurredAt, $quarantine, $openKey);");
        var p = command.Parameters;
        p.AddWithValue("$id", incident.Id.ToString());
        p.AddWithValue("$eventId", incident.EventId.ToString());
        p.AddWithValue("$gatewayId", incident.GatewayId);
        p.AddWithValue("$deviceId", incident.DeviceId);
        p.AddWithValue("$community", incident.Community);
        p.AddWithValue("$grid", SqliteValues.Nullable(incident.Place.Grid));
        p.AddWithValue("$building", SqliteValues.Nullable(incident.Place.Building));
        p.AddWithValue("$unit", SqliteValues.Nullable(incident.Place.Unit));
        p.AddWithValue("$floor", SqliteValues.Nullable(incident.Place.Floor));
        p.AddWithValue("$room", SqliteValues.Nullable(incident.Place.Room));
        p.AddWithValue("$type", incident.Type);
        p.AddWithValue("$level", (int)incident.Level);
        p.AddWithValue("$state", ApiNames.Of(incident.State));
        p.AddWithValue("$occurredAt", SqliteValues.Timestamp(incident.OccurredAt));
        p.AddWithValue("$publishedAt", SqliteValues.Timestamp(incident.PublishedAt));
        p.AddWithValue("$receivedAt", SqliteValues.Timestamp(incident.ReceivedAt));
        p.AddWithValue("$updatedAt", SqliteValues.Timestamp(incident.UpdatedAt));
        p.AddWithValue("$evidenceKind", SqliteValues.Nullable(incident.Evidence is null ? null : ApiNames.Of(incident.Evidence.Kind)));
        p.AddWithValue("$evidenceUri", SqliteValues.Nullable(incident.Evidence?.Uri));
        p.AddWithValue("$isTest", incident.IsTest);
        p.AddWithValue("$attributes", JsonSerializer.Serialize(incident.Attributes, HubJsonContext.Default.IReadOnlyDictionaryStringString));
        p.AddWithValue("$tier", (int)incident.Tier);
        p.AddWithValue("$deadline", incident.DeadlineAt is { } deadline ? SqliteValues.Timestamp(deadline) : DBNull.Value);
        p.AddWithValue("$quarantine", SqliteValues.Nullable(incident.Quarantine));
        p.AddWithValue("$openKey", openKey);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task AppendAuditAsync(SqliteConnection connection, SqliteTransaction transaction, Incident incident, DateTimeOffset at, string actor, string action, string? note, CancellationToken ct)
    {
        await using var command = Command(connection, transaction,
            "INSERT INTO incident_audit (incident_id, at, actor, action, state, tier, assignee, note) VALUES ($id, $at, $actor, $action, $state, $tier, $assignee, $note);");
        var p = command.Parameters;
        p.AddWithValue("$id", incident.Id.ToString());
        p.AddWithValue("$at", SqliteValues.Timestamp(at));
        p.AddWithValue("$actor", actor);
        p.AddWithValue("$action", action);
        p.AddWithValue("$state", ApiNames.Of(incident.State));
        p.AddWithValue("$tier", (int)incident.Tier);
        p.AddWithValue("$assignee", SqliteValues.Nullable(incident.Assignee));
        p.AddWithValue("$note", SqliteValues.Nullable(note));
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static EvidenceRef? Evidence(SqliteDataReader r, int kindOrdinal) =>
        r.GetNullableString(kindOrdinal) is { } kind ? new EvidenceRef(ApiNames.Parse<EvidenceKind>(kind), r.GetString(kindOrdinal + 1)) : null;

    private static Incident Read(SqliteDataReader r)
    {
        var typeCode = r.GetString(10);
        var type = EventTypes.Find(typeCode)
            ?? throw new InvalidOperationException($"Stored incident {r.GetString(0)} has event type '{typeCode}', unknown to this hub version.");
        var place = new Place(r.GetString(4), r.GetNullableString(5), r.GetNullableString(6), r.GetNullableString(7), r.GetNullableString(8), r.GetNullableString(9));
        var attributes = JsonSerializer.Deserialize(r.GetString(20), HubJsonContext.Default.IReadOnlyDictionaryStringString)!;
        return new Incident(Guid.Parse(r.GetString(0)), Guid.Parse(r.GetString(1)), place.Community, r.GetString(2), r.GetString(3), place, place.ToString(),
            type.Code, new LocalizedName(type.NameZh, type.NameEn), type.Family, (WarningLevel)r.GetInt32(11), ApiNames.Parse<IncidentState>(r.GetString(12)),
            (EscalationTier)r.GetInt32(21), r.GetNullableString(22), r.GetNullableTimestamp(23), r.GetInt32(24),
            r.GetTimestamp(13), r.GetTimestamp(25), r.GetTimestamp(14), r.GetTimestamp(15), r.GetTimestamp(16), Evidence(r, 17), r.GetBoolean(19),
            r.GetNullableString(26), attributes);
    }

    /// <summary>A WHERE clause assembled from constant fragments only; every value is a parameter.</summary>
    private sealed record SqlFilter(string Where, IReadOnlyList<(string Name, object Value)> Values)
    {
        public static SqlFilter From(IncidentQuery query, IncidentVisibility visibility)
        {
            var conditions = new List<(string Condition, string Name, object? Value)>
            {
                ("community = $community", "$community", query.Community),
                ("type = $type", "$type", query.Type?.Code),
                ("level = $level", "$level", (int?)query.Level),
                ("state = $state", "$state", query.State is { } state ? ApiNames.Of(state) : null),
                ("tier = $tier", "$tier", (int?)query.Tier),
                ("occurred_at >= $from", "$from", query.From is { } from ? SqliteValues.Timestamp(from) : null),
                ("occurred_at < $to", "$to", query.To is { } to ? SqliteValues.Timestamp(to) : null),
            }.Where(c => c.Value is not null).ToList();
            var (visible, visibleValues) = visibility.ToSql();
            var where = string.Join(" AND ", conditions.Select(c => c.Condition).Prepend($"({visible})"));
            return new SqlFilter(where, [.. conditions.Select(c => (c.Name, c.Value!)), .. visibleValues]);
        }

        public void BindTo(SqliteCommand command)
        {
            foreach (var (name, value) in Values)
                command.Parameters.AddWithValue(name, value);
        }
    }
}

/// <summary>A reopened incident would be a second open incident of the same device and type.</summary>
public sealed class OpenIncidentExistsException(string openKey) : Exception($"A newer incident of {openKey} is open; act on that one instead.");
