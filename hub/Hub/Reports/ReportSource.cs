using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Incidents;
using EdgeSecurity.Hub.Places;
using EdgeSecurity.Hub.Storage;

namespace EdgeSecurity.Hub.Reports;

/// <summary>An incident of a report's period with what its audit trail says about how it was handled.</summary>
public sealed record ReportedIncident(
    string Community, string GatewayId, string DeviceId, string PlacePath, string Type, WarningLevel Level, int Events,
    DateTimeOffset ReceivedAt, DateTimeOffset? AcknowledgedAt, DateTimeOffset? FinishedAt, EscalationTier? FinishedAtTier, bool FalseAlarm);

/// <summary>Reads the incidents that occurred in a period in some communities, with the first acknowledgement and the closing step of each.</summary>
public sealed class ReportSource(HubDatabase database)
{
    public async Task<IReadOnlyList<ReportedIncident>> ReadAsync(IReadOnlySet<string> communities, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        if (communities.Count == 0)
            return [];
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await database.BeginReadAsync(connection, ct).ConfigureAwait(false);
        var names = communities.Select((_, i) => $"@c{i}").ToList();
        // Test events and quarantined incidents are not part of how a community was served.
        await using var command = connection.Command(transaction,
            "SELECT i.id, i.community, i.gateway_id, i.device_id, i.place_grid, i.place_building, i.place_unit, i.place_floor, i.place_room, " +
            "i.type, i.level, i.event_count, i.received_at, a.action, a.at, a.tier " +
            "FROM incidents i LEFT JOIN incident_audit a ON a.incident_id = i.id AND a.action IN ('acknowledge', 'resolve', 'false_alarm') " +
            $"WHERE i.community IN ({string.Join(", ", names)}) AND i.occurred_at >= @from AND i.occurred_at < @to AND i.is_test = 0 AND i.quarantine IS NULL " +
            "ORDER BY i.id, a.seq;");
        foreach (var (community, i) in communities.Select((c, i) => (c, i)))
            command.Bind($"@c{i}", community);
        command.Bind("@from", DbValues.Timestamp(from)).Bind("@to", DbValues.Timestamp(to));

        var incidents = new Dictionary<string, ReportedIncident>(StringComparer.Ordinal);
        await using var r = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            var id = r.GetString(0);
            if (!incidents.TryGetValue(id, out var incident))
            {
                var place = new Place(r.GetString(1), r.GetNullableString(4), r.GetNullableString(5), r.GetNullableString(6), r.GetNullableString(7), r.GetNullableString(8));
                incident = new ReportedIncident(r.GetString(1), r.GetString(2), r.GetString(3), place.ToString(), r.GetString(9), (WarningLevel)r.GetWholeNumber(10),
                    (int)r.GetWholeNumber(11), r.GetTimestamp(12), null, null, null, false);
            }
            // The first acknowledgement and the last closing step count: a reopened incident is finished when finally closed off.
            incident = r.GetNullableString(13) switch
            {
                "acknowledge" when incident.AcknowledgedAt is null => incident with { AcknowledgedAt = r.GetTimestamp(14) },
                "resolve" => incident with { FinishedAt = r.GetTimestamp(14), FinishedAtTier = (EscalationTier)r.GetWholeNumber(15), FalseAlarm = false },
                "false_alarm" => incident with { FinishedAt = r.GetTimestamp(14), FinishedAtTier = (EscalationTier)r.GetWholeNumber(15), FalseAlarm = true },
                _ => incident,
            };
            incidents[id] = incident;
        }
        return [.. incidents.Values];
    }
}
