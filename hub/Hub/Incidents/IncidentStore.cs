using System.Text.Json;
using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Storage;
using Microsoft.Data.Sqlite;

namespace EdgeSecurity.Hub.Incidents;

public sealed class IncidentStore(HubDatabase database)
{
    private const string Columns =
        "id, event_id, gateway_id, device_id, community, place_grid, place_building, place_unit, place_floor, place_room, type, level, state, " +
        "occurred_at, published_at, received_at, updated_at, evidence_kind, evidence_uri, is_test, attributes";

    /// <summary>
    /// Stores a new incident unless one already exists for its event: a redelivered event (same eventId)
    /// never makes a second incident. Returns whether it was stored; once it returns, the row is on disk.
    /// </summary>
    public async Task<bool> TryAddAsync(Incident incident, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"INSERT INTO incidents ({Columns}) VALUES ($id, $eventId, $gatewayId, $deviceId, $community, $grid, $building, $unit, $floor, $room, $type, $level, $state, " +
            "$occurredAt, $publishedAt, $receivedAt, $updatedAt, $evidenceKind, $evidenceUri, $isTest, $attributes) ON CONFLICT (event_id) DO NOTHING;";
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
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    public async Task<Incident?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM incidents WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id.ToString());
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? Read(reader) : null;
    }

    /// <summary>Newest first. The count and the page come from one read transaction, so they agree while ingestion writes.</summary>
    public async Task<IncidentPage> QueryAsync(IncidentQuery query, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: true);

        var filter = SqlFilter.From(query);

        await using var count = connection.CreateCommand();
        count.Transaction = transaction;
        count.CommandText = $"SELECT count(*) FROM incidents{filter.Where};";
        filter.BindTo(count);
        var total = (long)(await count.ExecuteScalarAsync(ct).ConfigureAwait(false))!;

        await using var page = connection.CreateCommand();
        page.Transaction = transaction;
        page.CommandText = $"SELECT {Columns} FROM incidents{filter.Where} ORDER BY occurred_at DESC, id DESC LIMIT $limit OFFSET $offset;";
        filter.BindTo(page);
        page.Parameters.AddWithValue("$limit", query.PageSize);
        page.Parameters.AddWithValue("$offset", (long)(query.Page - 1) * query.PageSize);
        var items = new List<Incident>();
        await using (var reader = await page.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                items.Add(Read(reader));
        }
        return new IncidentPage(items, query.Page, query.PageSize, total);
    }

    private static Incident Read(SqliteDataReader r)
    {
        var typeCode = r.GetString(10);
        var type = EventTypes.Find(typeCode)
            ?? throw new InvalidOperationException($"Stored incident {r.GetString(0)} has event type '{typeCode}', unknown to this hub version.");
        var place = new Place(r.GetString(4), r.GetNullableString(5), r.GetNullableString(6), r.GetNullableString(7), r.GetNullableString(8), r.GetNullableString(9));
        var evidenceKind = r.GetNullableString(17);
        var evidence = evidenceKind is null ? null : new EvidenceRef(ApiNames.Parse<EvidenceKind>(evidenceKind), r.GetString(18));
        var attributes = JsonSerializer.Deserialize(r.GetString(20), HubJsonContext.Default.IReadOnlyDictionaryStringString)!;
        return Incident.Create(type, Guid.Parse(r.GetString(0)), Guid.Parse(r.GetString(1)), r.GetString(2), r.GetString(3), place,
            (WarningLevel)r.GetInt32(11), ApiNames.Parse<IncidentState>(r.GetString(12)),
            r.GetTimestamp(13), r.GetTimestamp(14), r.GetTimestamp(15), r.GetTimestamp(16), evidence, r.GetBoolean(19), attributes);
    }

    /// <summary>A WHERE clause assembled from constant fragments only; every value is a parameter.</summary>
    private sealed record SqlFilter(string Where, IReadOnlyList<(string Name, object Value)> Values)
    {
        public static SqlFilter From(IncidentQuery query)
        {
            var conditions = new List<(string Condition, string Name, object? Value)>
            {
                ("community = $community", "$community", query.Community),
                ("type = $type", "$type", query.Type?.Code),
                ("level = $level", "$level", (int?)query.Level),
                ("state = $state", "$state", query.State is { } state ? ApiNames.Of(state) : null),
                ("occurred_at >= $from", "$from", query.From is { } from ? SqliteValues.Timestamp(from) : null),
                ("occurred_at < $to", "$to", query.To is { } to ? SqliteValues.Timestamp(to) : null),
            }.Where(c => c.Value is not null).ToList();

            var where = conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions.Select(c => c.Condition));
            return new SqlFilter(where, conditions.Select(c => (c.Name, c.Value!)).ToList());
        }

        public void BindTo(SqliteCommand command)
        {
            foreach (var (name, value) in Values)
                command.Parameters.AddWithValue(name, value);
        }
    }
}
