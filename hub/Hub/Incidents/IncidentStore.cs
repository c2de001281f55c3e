using System.Text.Json;
using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Places;
using EdgeSecurity.Hub.Storage;
using System.Data.Common;

namespace EdgeSecurity.Hub.Incidents;

public enum RecordOutcome { Created, Joined, Duplicate }

/// <summary>
/// Incidents, their events and their audit trail. Every change is one transaction that also appends its audit entry,
/// and every change of state is conditional on the state it was decided from, so two operators (or two hubs) acting at
/// once never both succeed.
/// </summary>
public sealed class IncidentStore(HubDatabase database, IEnumerable<IIncidentChangeHook> hooks)
{
    public const string SystemActor = "system";

    /// <summary>The event attribute naming an alert's clip on the gateway (<c>evidence://{gateway}/clips/{id}.mp4</c>).</summary>
    public const string ClipAttribute = "clip";
    private const int MaxAttempts = 5;

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
        // Hubs sharing a PostgreSQL database can store the same event, or the first events of one device, at the same
        // moment: the unique keys let one of them win, and the other's second look finds the duplicate or the open
        // incident. An open incident closed between the look and the update is also looked at again.
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            try
            {
                if (await TryRecordAsync(e, now, quarantine, deadlineAt, ct).ConfigureAwait(false) is { } recorded)
                    return recorded;
            }
            catch (DbException conflict) when (HubDatabase.IsUniqueViolation(conflict) && attempt < MaxAttempts)
            {
            }
        }
        throw new InvalidOperationException($"Event {e.EventId} could not be stored: its incident kept changing under {MaxAttempts} attempts.");
    }

    /// <summary>Null when the open incident was closed before the repeat could join it: look again.</summary>
    private async Task<(RecordOutcome Outcome, Incident? Incident)?> TryRecordAsync(EdgeEvent e, DateTimeOffset now, string? quarantine, DateTimeOffset? deadlineAt, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, ct).ConfigureAwait(false);

        await using (var seen = connection.Command(transaction, "SELECT 1 FROM incident_events WHERE event_id = @eventId;"))
        {
            seen.Bind("@eventId", e.EventId.ToString());
            if (await seen.ExecuteScalarAsync(ct).ConfigureAwait(false) is not null)
                return (RecordOutcome.Duplicate, null);
        }

        var openKey = Incident.OpenKeyOf(e.Place.Community, e.GatewayId, e.DeviceId, e.Type.Code, e.IsTest);
        var open = await FindAsync(connection, transaction, "open_key = @key", ("@key", openKey), ct).ConfigureAwait(false);
        Incident incident;
        RecordOutcome outcome;
        if (open is null)
        {
            incident = Incident.FromEvent(e, now, quarantine, deadlineAt);
            await InsertAsync(connection, transaction, incident, openKey, ct).ConfigureAwait(false);
            await AppendAuditAsync(connection, transaction, incident, now, SystemActor, "reported", null, ct).ConfigureAwait(false);
            await RunHooksAsync(connection, transaction, incident, ct).ConfigureAwait(false);
            outcome = RecordOutcome.Created;
        }
        else
        {
            // Relative to the row as it is when the update runs, and only while it is still open: another hub may have
            // added a repeat or closed the incident since it was read.
            await using var update = connection.Command(transaction,
                "UPDATE incidents SET event_count = event_count + 1, " +
                "last_occurred_at = CASE WHEN last_occurred_at < @last THEN @last ELSE last_occurred_at END, " +
                "level = CASE WHEN level < @level THEN @level ELSE level END, " +
                "evidence_kind = coalesce(@evidenceKind, evidence_kind), evidence_uri = coalesce(@evidenceUri, evidence_uri), " +
                "attributes = coalesce(@attributes, attributes), updated_at = @now WHERE id = @id AND open_key = @key;")
                .Bind("@last", DbValues.Timestamp(e.OccurredAt))
                .Bind("@level", (int)e.Level)
                .Bind("@evidenceKind", DbValues.Nullable(e.Evidence is null ? null : ApiNames.Of(e.Evidence.Kind)))
                .Bind("@evidenceUri", DbValues.Nullable(e.Evidence?.Uri))
                .Bind("@attributes", DbValues.Nullable(WithClipOf(e, open)))
                .Bind("@now", DbValues.Timestamp(now))
                .Bind("@id", open.Id.ToString())
                .Bind("@key", openKey);
            if (await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 0)
                return null;
            incident = (await FindAsync(connection, transaction, "id = @id", ("@id", open.Id.ToString()), ct).ConfigureAwait(false))!;
            await AppendAuditAsync(connection, transaction, incident, now, SystemActor, "repeated", $"event {e.EventId}", ct).ConfigureAwait(false);
            outcome = RecordOutcome.Joined;
        }

        await using (var link = connection.Command(transaction,
            "INSERT INTO incident_events (event_id, incident_id, level, occurred_at, received_at, evidence_kind, evidence_uri) " +
            "VALUES (@eventId, @incidentId, @level, @occurredAt, @receivedAt, @evidenceKind, @evidenceUri);"))
        {
            link.Bind("@eventId", e.EventId.ToString());
            link.Bind("@incidentId", incident.Id.ToString());
            link.Bind("@level", (int)e.Level);
            link.Bind("@occurredAt", DbValues.Timestamp(e.OccurredAt));
            link.Bind("@receivedAt", DbValues.Timestamp(now));
            link.Bind("@evidenceKind", DbValues.Nullable(e.Evidence is null ? null : ApiNames.Of(e.Evidence.Kind)));
            link.Bind("@evidenceUri", DbValues.Nullable(e.Evidence?.Uri));
            await link.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return (outcome, incident);
    }

    /// <summary>
    /// A camera's clip stays on its gateway (faces in it are not pixelated) and is named by a later event of the alert;
    /// the incident keeps the newest clip among its attributes so that police know what to fetch. Null: unchanged.
    /// </summary>
    private static string? WithClipOf(EdgeEvent e, Incident open) =>
        e.Attributes is { } attributes && attributes.TryGetValue(ClipAttribute, out var clip)
            ? JsonSerializer.Serialize<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>(open.Attributes) { [ClipAttribute] = clip },
                HubJsonContext.Default.IReadOnlyDictionaryStringString)
            : null;

    /// <summary>
    /// Writes <paramref name="changed"/> over <paramref name="current"/> if the incident is still exactly as it was read
    /// (same state, tier and last update), with its audit entry. False when someone else changed it first.
    /// </summary>
    /// <exception cref="OpenIncidentExistsException">A reopened incident's device and type already have a newer open incident.</exception>
    public async Task<bool> TryChangeAsync(Incident current, Incident changed, string actor, string action, string? note, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, ct).ConfigureAwait(false);
        await using (var update = connection.Command(transaction,
            "UPDATE incidents SET state = @state, tier = @tier, assignee = @assignee, deadline_at = @deadline, updated_at = @now, open_key = @openKey " +
            "WHERE id = @id AND state = @fromState AND tier = @fromTier AND updated_at = @fromUpdated;"))
        {
            update.Bind("@state", ApiNames.Of(changed.State));
            update.Bind("@tier", (int)changed.Tier);
            update.Bind("@assignee", DbValues.Nullable(changed.Assignee));
            update.Bind("@deadline", changed.DeadlineAt is { } deadline ? DbValues.Timestamp(deadline) : DBNull.Value);
            update.Bind("@now", DbValues.Timestamp(changed.UpdatedAt));
            update.Bind("@openKey", changed.State.IsOpen() ? changed.OpenKey : DBNull.Value);
            update.Bind("@id", current.Id.ToString());
            update.Bind("@fromState", ApiNames.Of(current.State));
            update.Bind("@fromTier", (int)current.Tier);
            update.Bind("@fromUpdated", DbValues.Timestamp(current.UpdatedAt));
            try
            {
                if (await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 0)
                    return false;
            }
            catch (DbException e) when (HubDatabase.IsUniqueViolation(e))
            {
                throw new OpenIncidentExistsException(current.OpenKey);
            }
        }
        await AppendAuditAsync(connection, transaction, changed, changed.UpdatedAt, actor, action, note, ct).ConfigureAwait(false);
        await RunHooksAsync(connection, transaction, changed, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>Open incidents whose deadline has passed, oldest deadline first; quarantined ones have none.</summary>
    public async Task<IReadOnlyList<Incident>> OverdueAsync(DateTimeOffset now, int limit, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.Command(null, $"SELECT {Columns} FROM incidents WHERE deadline_at <= @now ORDER BY deadline_at LIMIT @limit;");
        command.Bind("@now", DbValues.Timestamp(now));
        command.Bind("@limit", limit);
        return await ReadAllAsync(command, ct).ConfigureAwait(false);
    }

    /// <summary>Quarantined incidents of communities now known, released with a deadline from now.</summary>
    public async Task<IReadOnlyList<Incident>> QuarantinedAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.Command(null, $"SELECT {Columns} FROM incidents WHERE quarantine IS NOT NULL ORDER BY received_at;");
        return await ReadAllAsync(command, ct).ConfigureAwait(false);
    }

    /// <summary>Lifts the quarantine of an incident whose place is now known, starting its deadline; false if it changed meanwhile.</summary>
    public async Task<bool> TryReleaseAsync(Incident incident, DateTimeOffset now, DateTimeOffset? deadlineAt, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, ct).ConfigureAwait(false);
        await using (var update = connection.Command(transaction,
            "UPDATE incidents SET quarantine = NULL, deadline_at = @deadline, updated_at = @now WHERE id = @id AND quarantine IS NOT NULL AND updated_at = @fromUpdated;"))
        {
            update.Bind("@deadline", deadlineAt is { } d ? DbValues.Timestamp(d) : DBNull.Value);
            update.Bind("@now", DbValues.Timestamp(now));
            update.Bind("@id", incident.Id.ToString());
            update.Bind("@fromUpdated", DbValues.Timestamp(incident.UpdatedAt));
            if (await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 0)
                return false;
        }
        await AppendAuditAsync(connection, transaction, incident, now, SystemActor, "released", $"quarantine lifted ({incident.Quarantine}): the place is now known", ct).ConfigureAwait(false);
        await RunHooksAsync(connection, transaction, incident with { Quarantine = null, DeadlineAt = deadlineAt, UpdatedAt = now }, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    public async Task<Incident?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        return await FindAsync(connection, null, "id = @id", ("@id", id.ToString()), ct).ConfigureAwait(false);
    }

    public async Task<IncidentDetail?> DetailAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await database.BeginReadAsync(connection, ct).ConfigureAwait(false);
        var incident = await FindAsync(connection, transaction, "id = @id", ("@id", id.ToString()), ct).ConfigureAwait(false);
        if (incident is null)
            return null;

        var events = new List<IncidentEvent>();
        await using (var command = connection.Command(transaction,
            "SELECT event_id, level, occurred_at, received_at, evidence_kind, evidence_uri FROM incident_events WHERE incident_id = @id ORDER BY occurred_at, received_at;"))
        {
            command.Bind("@id", id.ToString());
            await using var r = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false))
                events.Add(new IncidentEvent(Guid.Parse(r.GetString(0)), (WarningLevel)r.GetInt32(1), r.GetTimestamp(2), r.GetTimestamp(3), Evidence(r, 4)));
        }

        var timeline = new List<AuditEntry>();
        await using (var command = connection.Command(transaction,
            "SELECT seq, at, actor, action, state, tier, assignee, note FROM incident_audit WHERE incident_id = @id ORDER BY seq;"))
        {
            command.Bind("@id", id.ToString());
            await using var r = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false))
                timeline.Add(new AuditEntry(r.GetWholeNumber(0), r.GetTimestamp(1), r.GetString(2), r.GetString(3), ApiNames.Parse<IncidentState>(r.GetString(4)),
                    (EscalationTier)r.GetInt32(5), r.GetNullableString(6), r.GetNullableString(7)));
        }
        return new IncidentDetail(incident, events, timeline);
    }

    /// <summary>Newest first, only what <paramref name="visibility"/> lets its person see. Count and page come from one read transaction.</summary>
    public async Task<IncidentPage> QueryAsync(IncidentQuery query, IncidentVisibility visibility, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await database.BeginReadAsync(connection, ct).ConfigureAwait(false);

        var filter = SqlFilter.From(query, visibility);

        await using var count = connection.Command(transaction, $"SELECT count(*) FROM incidents WHERE {filter.Where};");
        filter.BindTo(count);
        var total = (long)(await count.ExecuteScalarAsync(ct).ConfigureAwait(false))!;

        await using var page = connection.Command(transaction, $"SELECT {Columns} FROM incidents WHERE {filter.Where} ORDER BY occurred_at DESC, id DESC LIMIT @limit OFFSET @offset;");
        filter.BindTo(page);
        page.Bind("@limit", query.PageSize);
        page.Bind("@offset", (long)(query.Page - 1) * query.PageSize);
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
        await using var command = connection.Command(null,
            "SELECT e.event_id, e.incident_id, i.gateway_id, i.device_id, i.type, e.level, e.occurred_at, e.received_at FROM incident_events e " +
            $"JOIN incidents i ON i.id = e.incident_id WHERE i.community = @community AND ({visible}) ORDER BY e.received_at, e.event_id LIMIT @limit OFFSET @offset;");
        command.Bind("@community", community);
        foreach (var (name, value) in values)
            command.Bind(name, value);
        command.Bind("@limit", pageSize);
        command.Bind("@offset", (long)(page - 1) * pageSize);
        var items = new List<LoggedEvent>();
        await using var r = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            items.Add(new LoggedEvent(Guid.Parse(r.GetString(0)), Guid.Parse(r.GetString(1)), r.GetString(2), r.GetString(3), r.GetString(4), (WarningLevel)r.GetInt32(5), r.GetTimestamp(6), r.GetTimestamp(7)));
        return new EventLogPage(items, page, pageSize);
    }

    /// <summary>The incidents whose first event or a later one points at this evidence URI.</summary>
    public async Task<IReadOnlyList<Incident>> ReferencingEvidenceAsync(string uri, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.Command(null,
            $"SELECT {Columns} FROM incidents WHERE evidence_uri = @uri OR id IN (SELECT incident_id FROM incident_events WHERE evidence_uri = @uri);");
        command.Bind("@uri", uri);
        return await ReadAllAsync(command, ct).ConfigureAwait(false);
    }

    private static async Task<Incident?> FindAsync(DbConnection connection, DbTransaction? transaction, string condition, (string Name, string Value) parameter, CancellationToken ct)
    {
        await using var command = connection.Command(transaction, $"SELECT {Columns} FROM incidents WHERE {condition};");
        command.Bind(parameter.Name, parameter.Value);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? Read(reader) : null;
    }

    private static async Task<IReadOnlyList<Incident>> ReadAllAsync(DbCommand command, CancellationToken ct)
    {
        var items = new List<Incident>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            items.Add(Read(reader));
        return items;
    }

    private static async Task InsertAsync(DbConnection connection, DbTransaction transaction, Incident incident, string openKey, CancellationToken ct)
    {
        await using var command = connection.Command(transaction,
            $"INSERT INTO incidents ({Columns}, open_key) VALUES (@id, @eventId, @gatewayId, @deviceId, @community, @grid, @building, @unit, @floor, @room, @type, @level, @state, " +
            "@occurredAt, @publishedAt, @receivedAt, @updatedAt, @evidenceKind, @evidenceUri, @isTest, @attributes, @tier, NULL, @deadline, 1, @occurredAt, @quarantine, @openKey);");
        command.Bind("@id", incident.Id.ToString());
        command.Bind("@eventId", incident.EventId.ToString());
        command.Bind("@gatewayId", incident.GatewayId);
        command.Bind("@deviceId", incident.DeviceId);
        command.Bind("@community", incident.Community);
        command.Bind("@grid", DbValues.Nullable(incident.Place.Grid));
        command.Bind("@building", DbValues.Nullable(incident.Place.Building));
        command.Bind("@unit", DbValues.Nullable(incident.Place.Unit));
        command.Bind("@floor", DbValues.Nullable(incident.Place.Floor));
        command.Bind("@room", DbValues.Nullable(incident.Place.Room));
        command.Bind("@type", incident.Type);
        command.Bind("@level", (int)incident.Level);
        command.Bind("@state", ApiNames.Of(incident.State));
        command.Bind("@occurredAt", DbValues.Timestamp(incident.OccurredAt));
        command.Bind("@publishedAt", DbValues.Timestamp(incident.PublishedAt));
        command.Bind("@receivedAt", DbValues.Timestamp(incident.ReceivedAt));
        command.Bind("@updatedAt", DbValues.Timestamp(incident.UpdatedAt));
        command.Bind("@evidenceKind", DbValues.Nullable(incident.Evidence is null ? null : ApiNames.Of(incident.Evidence.Kind)));
        command.Bind("@evidenceUri", DbValues.Nullable(incident.Evidence?.Uri));
        command.Bind("@isTest", incident.IsTest);
        command.Bind("@attributes", JsonSerializer.Serialize(incident.Attributes, HubJsonContext.Default.IReadOnlyDictionaryStringString));
        command.Bind("@tier", (int)incident.Tier);
        command.Bind("@deadline", incident.DeadlineAt is { } deadline ? DbValues.Timestamp(deadline) : DBNull.Value);
        command.Bind("@quarantine", DbValues.Nullable(incident.Quarantine));
        command.Bind("@openKey", openKey);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task AppendAuditAsync(DbConnection connection, DbTransaction transaction, Incident incident, DateTimeOffset at, string actor, string action, string? note, CancellationToken ct)
    {
        await using var command = connection.Command(transaction,
            "INSERT INTO incident_audit (incident_id, at, actor, action, state, tier, assignee, note) VALUES (@id, @at, @actor, @action, @state, @tier, @assignee, @note);");
        command.Bind("@id", incident.Id.ToString());
        command.Bind("@at", DbValues.Timestamp(at));
        command.Bind("@actor", actor);
        command.Bind("@action", action);
        command.Bind("@state", ApiNames.Of(incident.State));
        command.Bind("@tier", (int)incident.Tier);
        command.Bind("@assignee", DbValues.Nullable(incident.Assignee));
        command.Bind("@note", DbValues.Nullable(note));
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private async Task RunHooksAsync(DbConnection connection, DbTransaction transaction, Incident incident, CancellationToken ct)
    {
        foreach (var hook in hooks)
            await hook.OnStoredAsync(connection, transaction, incident, ct).ConfigureAwait(false);
    }

    private static EvidenceRef? Evidence(DbDataReader r, int kindOrdinal) =>
        r.GetNullableString(kindOrdinal) is { } kind ? new EvidenceRef(ApiNames.Parse<EvidenceKind>(kind), r.GetString(kindOrdinal + 1)) : null;

    private static Incident Read(DbDataReader r)
    {
        var typeCode = r.GetString(10);
        var type = EventTypes.Find(typeCode)
            ?? throw new InvalidOperationException($"Stored incident {r.GetString(0)} has event type '{typeCode}', unknown to this hub version.");
        var place = new Place(r.GetString(4), r.GetNullableString(5), r.GetNullableString(6), r.GetNullableString(7), r.GetNullableString(8), r.GetNullableString(9));
        var attributes = JsonSerializer.Deserialize(r.GetString(20), HubJsonContext.Default.IReadOnlyDictionaryStringString)!;
        return new Incident(Guid.Parse(r.GetString(0)), Guid.Parse(r.GetString(1)), place.Community, r.GetString(2), r.GetString(3), place, place.ToString(),
            type.Code, new LocalizedName(type.NameZh, type.NameEn), type.Family, (WarningLevel)r.GetInt32(11), ApiNames.Parse<IncidentState>(r.GetString(12)),
            (EscalationTier)r.GetInt32(21), r.GetNullableString(22), r.GetNullableTimestamp(23), r.GetInt32(24),
            r.GetTimestamp(13), r.GetTimestamp(25), r.GetTimestamp(14), r.GetTimestamp(15), r.GetTimestamp(16), Evidence(r, 17), r.GetFlag(19),
            r.GetNullableString(26), attributes);
    }

    /// <summary>A WHERE clause assembled from constant fragments only; every value is a parameter.</summary>
    private sealed record SqlFilter(string Where, IReadOnlyList<(string Name, object Value)> Values)
    {
        public static SqlFilter From(IncidentQuery query, IncidentVisibility visibility)
        {
            var conditions = new List<(string Condition, string Name, object? Value)>
            {
                ("community = @community", "@community", query.Community),
                ("type = @type", "@type", query.Type?.Code),
                ("level = @level", "@level", (int?)query.Level),
                ("state = @state", "@state", query.State is { } state ? ApiNames.Of(state) : null),
                ("tier = @tier", "@tier", (int?)query.Tier),
                ("occurred_at >= @from", "@from", query.From is { } from ? DbValues.Timestamp(from) : null),
                ("occurred_at < @to", "@to", query.To is { } to ? DbValues.Timestamp(to) : null),
            }.Where(c => c.Value is not null).ToList();
            var (visible, visibleValues) = visibility.ToSql();
            var where = string.Join(" AND ", conditions.Select(c => c.Condition).Prepend($"({visible})"));
            return new SqlFilter(where, [.. conditions.Select(c => (c.Name, c.Value!)), .. visibleValues]);
        }

        public void BindTo(DbCommand command)
        {
            foreach (var (name, value) in Values)
                command.Bind(name, value);
        }
    }
}

/// <summary>
/// Work that must commit or fail together with an incident's change (the forwarding outbox): called inside the
/// transaction that stores a new incident, a change of state or tier, or a release from quarantine, after its audit entry.
/// </summary>
public interface IIncidentChangeHook
{
    Task OnStoredAsync(DbConnection connection, DbTransaction transaction, Incident incident, CancellationToken ct);
}

/// <summary>A reopened incident would be a second open incident of the same device and type.</summary>
public sealed class OpenIncidentExistsException(string openKey) : Exception($"A newer incident of {openKey} is open; act on that one instead.");
