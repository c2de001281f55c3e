using EdgeSecurity.Hub.Storage;

namespace EdgeSecurity.Hub.Evidence;

/// <summary>
/// When each uploaded snapshot arrived (table <c>evidence_files</c>), so retention can find the old ones without
/// trusting file times, which a copy or a restore from backup changes.
/// </summary>
public sealed class EvidenceIndex(HubDatabase database)
{
    /// <summary>Notes an upload; a redelivery keeps the first arrival time.</summary>
    public async Task RecordAsync(string uri, string gatewayId, DateTimeOffset receivedAt, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.Command(null,
            "INSERT INTO evidence_files (uri, gateway_id, received_at) VALUES (@uri, @gateway, @at) ON CONFLICT (uri) DO NOTHING;");
        command.Bind("@uri", uri).Bind("@gateway", gatewayId).Bind("@at", DbValues.Timestamp(receivedAt));
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The snapshots that arrived before <paramref name="cutoff"/> and that no open incident points at (by its first
    /// event or a later one): an incident still being worked on keeps its picture whatever its age.
    /// </summary>
    public async Task<IReadOnlyList<string>> ExpiredAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.Command(null,
            "SELECT f.uri FROM evidence_files f WHERE f.received_at < @cutoff " +
            "AND NOT EXISTS (SELECT 1 FROM incidents i WHERE i.open_key IS NOT NULL AND i.evidence_uri = f.uri) " +
            "AND NOT EXISTS (SELECT 1 FROM incident_events e JOIN incidents i ON i.id = e.incident_id WHERE i.open_key IS NOT NULL AND e.evidence_uri = f.uri) " +
            "ORDER BY f.received_at;");
        command.Bind("@cutoff", DbValues.Timestamp(cutoff));
        var uris = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            uris.Add(reader.GetString(0));
        return uris;
    }

    /// <summary>Drops a purged snapshot's row; called after its file is gone, so a crash between the two leaves a row whose next purge finds no file.</summary>
    public async Task ForgetAsync(string uri, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.Command(null, "DELETE FROM evidence_files WHERE uri = @uri;");
        command.Bind("@uri", uri);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
