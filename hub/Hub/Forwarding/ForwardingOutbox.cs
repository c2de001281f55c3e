using System.Data.Common;
using EdgeSecurity.Hub.Incidents;
using EdgeSecurity.Hub.Places;
using EdgeSecurity.Hub.Site;
using EdgeSecurity.Hub.Storage;
using EdgeSecurity.Upstream.Governance;

namespace EdgeSecurity.Hub.Forwarding;

/// <summary>A record revision waiting for, or done with, delivery to one upstream.</summary>
public sealed record OutboxEntry(string Upstream, Guid IncidentId, long Revision, string Status, int Attempts, DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt, int? LastStatus, string? LastError, DateTimeOffset? FinishedAt)
{
    public string IdempotencyKey => $"{IncidentId}:{Revision}";
}

/// <summary>A revision claimed for delivery by one hub until <see cref="ClaimedUntil"/>.</summary>
public sealed record ClaimedRecord(string Upstream, Guid IncidentId, long Revision, int Attempts, GovernanceRecord Record, DateTimeOffset ClaimedUntil);

/// <summary>
/// The transactional outbox of records for the governance centres, in the hub's database. A revision is queued in the
/// same transaction as the incident change it reports, so a change is never stored without its record nor a record
/// without its change, whatever crashes. Delivery claims one row at a time with a conditional update and a lease: with
/// several hubs on one PostgreSQL database exactly one of them sends a record at a time, and a hub that dies holding a
/// claim loses it when the lease runs out. A revision is claimed only once every earlier revision of its incident for
/// that upstream is delivered, so the centre receives each incident's records in order.
/// </summary>
public sealed class ForwardingOutbox(HubDatabase database, IReadOnlyList<UpstreamSettings> upstreams, SiteDirectory site) : IIncidentChangeHook
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Dead = "dead";

    private const string EntryColumns = "upstream, incident_id, revision, status, attempts, created_at, next_attempt_at, last_status, last_error, finished_at";

    /// <summary>Queues a new revision for every upstream that wants the incident, or already has earlier revisions of it.</summary>
    public async Task OnStoredAsync(DbConnection connection, DbTransaction transaction, Incident incident, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(incident);
        IReadOnlyList<GovernanceRecords.HistoryStep>? history = null;
        foreach (var upstream in upstreams)
        {
            long last;
            await using (var command = connection.Command(transaction,
                "SELECT coalesce(max(revision), 0) FROM upstream_outbox WHERE upstream = @upstream AND incident_id = @id;"))
            {
                command.Bind("@upstream", upstream.Name).Bind("@id", incident.Id.ToString());
                last = Convert.ToInt64(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            }
            // Once the centre has an incident it learns every later change, even one that alone would not be sent.
            if (last == 0 && !upstream.Wants(incident, site.Current))
                continue;
            history ??= await HistoryAsync(connection, transaction, incident.Id, ct).ConfigureAwait(false);
            var record = GovernanceRecords.Build(incident, last + 1, history, site.Current, upstream.LocalOffset);
            await using var insert = connection.Command(transaction,
                "INSERT INTO upstream_outbox (upstream, incident_id, revision, record, status, attempts, created_at, next_attempt_at) " +
                "VALUES (@upstream, @id, @revision, @record, @status, 0, @now, @now);");
            insert.Bind("@upstream", upstream.Name).Bind("@id", incident.Id.ToString()).Bind("@revision", last + 1)
                .Bind("@record", GovernanceRecords.Serialize(record)).Bind("@status", Pending).Bind("@now", DbValues.Timestamp(incident.UpdatedAt));
            await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>The oldest due revision of <paramref name="upstream"/> whose predecessors are all delivered, claimed for <paramref name="lease"/>; null when none.</summary>
    public async Task<ClaimedRecord?> ClaimNextAsync(string upstream, string claimant, DateTimeOffset now, TimeSpan lease, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        var candidates = new List<(string IncidentId, long Revision, int Attempts, string Record)>();
        await using (var select = connection.Command(null,
            "SELECT o.incident_id, o.revision, o.attempts, o.record FROM upstream_outbox o " +
            "WHERE o.upstream = @upstream AND o.status = 'pending' AND o.next_attempt_at <= @now AND (o.claimed_until IS NULL OR o.claimed_until < @now) " +
            "AND NOT EXISTS (SELECT 1 FROM upstream_outbox p WHERE p.upstream = o.upstream AND p.incident_id = o.incident_id AND p.revision < o.revision AND p.status <> 'delivered') " +
            "ORDER BY o.next_attempt_at, o.created_at, o.revision LIMIT 8;"))
        {
            select.Bind("@upstream", upstream).Bind("@now", DbValues.Timestamp(now));
            await using var reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                candidates.Add((reader.GetString(0), reader.GetWholeNumber(1), reader.GetInt32(2), reader.GetString(3)));
        }
        // Another hub may take a candidate between the read and the claim: the conditional update lets only one win.
        foreach (var candidate in candidates)
        {
            var until = now + lease;
            await using var claim = connection.Command(null,
                "UPDATE upstream_outbox SET claimed_by = @claimant, claimed_until = @until " +
                "WHERE upstream = @upstream AND incident_id = @id AND revision = @revision AND status = 'pending' AND (claimed_until IS NULL OR claimed_until < @now);");
            claim.Bind("@claimant", claimant).Bind("@until", DbValues.Timestamp(until)).Bind("@upstream", upstream)
                .Bind("@id", candidate.IncidentId).Bind("@revision", candidate.Revision).Bind("@now", DbValues.Timestamp(now));
            if (await claim.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1)
                return new ClaimedRecord(upstream, Guid.Parse(candidate.IncidentId), candidate.Revision, candidate.Attempts, GovernanceRecords.Deserialize(candidate.Record), until);
        }
        return null;
    }

    /// <summary>Stores what became of a claimed revision; false when the claim had already passed to another hub.</summary>
    public async Task<bool> CompleteAsync(ClaimedRecord claimed, string claimant, DeliveryResult result, DateTimeOffset now, DateTimeOffset? retryAt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        ArgumentNullException.ThrowIfNull(result);
        var status = result.Outcome switch
        {
            DeliveryOutcome.Delivered => Delivered,
            DeliveryOutcome.Dead => Dead,
            _ => Pending,
        };
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var update = connection.Command(null,
            "UPDATE upstream_outbox SET status = @status, attempts = attempts + 1, next_attempt_at = @next, claimed_by = NULL, claimed_until = NULL, " +
            "last_status = @lastStatus, last_error = @lastError, finished_at = @finished " +
            "WHERE upstream = @upstream AND incident_id = @id AND revision = @revision AND claimed_by = @claimant AND status = 'pending';");
        update.Bind("@status", status)
            .Bind("@next", DbValues.Timestamp(retryAt ?? now))
            .Bind("@lastStatus", result.StatusCode)
            .Bind("@lastError", result.Outcome == DeliveryOutcome.Delivered ? null : result.Message)
            .Bind("@finished", status == Pending ? null : DbValues.Timestamp(now))
            .Bind("@upstream", claimed.Upstream).Bind("@id", claimed.IncidentId.ToString()).Bind("@revision", claimed.Revision).Bind("@claimant", claimant);
        return await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    /// <summary>Revisions a centre refused for good, newest first; the later revisions of the same incident wait behind them.</summary>
    public async Task<IReadOnlyList<OutboxEntry>> DeadLettersAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.Command(null, $"SELECT {EntryColumns} FROM upstream_outbox WHERE status = 'dead' ORDER BY finished_at DESC LIMIT 500;");
        return await ReadEntriesAsync(command, ct).ConfigureAwait(false);
    }

    /// <summary>Every revision of one incident, for every upstream, in order.</summary>
    public async Task<IReadOnlyList<OutboxEntry>> EntriesAsync(Guid incidentId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.Command(null, $"SELECT {EntryColumns} FROM upstream_outbox WHERE incident_id = @id ORDER BY upstream, revision;");
        command.Bind("@id", incidentId.ToString());
        return await ReadEntriesAsync(command, ct).ConfigureAwait(false);
    }

    /// <summary>Whether <paramref name="upstream"/> has been sent (or is to be sent) records of the incident: only then may it report on it.</summary>
    public async Task<bool> HasRecordsAsync(string upstream, Guid incidentId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.Command(null, "SELECT 1 FROM upstream_outbox WHERE upstream = @upstream AND incident_id = @id LIMIT 1;");
        command.Bind("@upstream", upstream).Bind("@id", incidentId.ToString());
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is not null;
    }

    /// <summary>Puts a dead revision back in the queue, due now; false when there is no such dead revision.</summary>
    public async Task<bool> RetryAsync(string upstream, Guid incidentId, long revision, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var update = connection.Command(null,
            "UPDATE upstream_outbox SET status = 'pending', next_attempt_at = @now, finished_at = NULL " +
            "WHERE upstream = @upstream AND incident_id = @id AND revision = @revision AND status = 'dead';");
        update.Bind("@now", DbValues.Timestamp(now)).Bind("@upstream", upstream).Bind("@id", incidentId.ToString()).Bind("@revision", revision);
        return await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    /// <summary>Revisions per upstream and status, for /api/upstream.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>>> CountsAsync(CancellationToken ct)
    {
        var counts = upstreams.ToDictionary(u => u.Name, _ => new Dictionary<string, long> { [Pending] = 0, [Delivered] = 0, [Dead] = 0 }, StringComparer.Ordinal);
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.Command(null, "SELECT upstream, status, count(*) FROM upstream_outbox GROUP BY upstream, status;");
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            if (!counts.TryGetValue(reader.GetString(0), out var byStatus))
                counts[reader.GetString(0)] = byStatus = [];
            byStatus[reader.GetString(1)] = reader.GetWholeNumber(2);
        }
        return counts.ToDictionary(c => c.Key, c => (IReadOnlyDictionary<string, long>)c.Value, StringComparer.Ordinal);
    }

    private static async Task<IReadOnlyList<GovernanceRecords.HistoryStep>> HistoryAsync(DbConnection connection, DbTransaction transaction, Guid id, CancellationToken ct)
    {
        var steps = new List<GovernanceRecords.HistoryStep>();
        await using var command = connection.Command(transaction, "SELECT at, actor, action, state, tier, note FROM incident_audit WHERE incident_id = @id ORDER BY seq;");
        command.Bind("@id", id.ToString());
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            steps.Add(new GovernanceRecords.HistoryStep(reader.GetTimestamp(0), reader.GetString(1), reader.GetString(2), ApiNames.Parse<IncidentState>(reader.GetString(3)),
                (EscalationTier)reader.GetInt32(4), reader.GetNullableString(5)));
        return steps;
    }

    private static async Task<IReadOnlyList<OutboxEntry>> ReadEntriesAsync(DbCommand command, CancellationToken ct)
    {
        var entries = new List<OutboxEntry>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            entries.Add(new OutboxEntry(reader.GetString(0), Guid.Parse(reader.GetString(1)), reader.GetWholeNumber(2), reader.GetString(3), reader.GetInt32(4),
                reader.GetTimestamp(5), reader.GetTimestamp(6), reader.IsDBNull(7) ? null : reader.GetInt32(7), reader.GetNullableString(8), reader.GetNullableTimestamp(9)));
        }
        return entries;
    }
}
