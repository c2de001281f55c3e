using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Storage;
using System.Data.Common;

namespace EdgeSecurity.Hub.Gateways;

/// <summary>
/// Gateways and their devices' states. Heartbeats and device states carry the edge's own time and are applied
/// only if not older than what is stored, so a late or replayed retained message never turns the clock back.
/// Status is the exception: it is applied in the order the broker delivers it, and stamped with the time the
/// hub learned it, because the offline status that matters most is the last will, whose payload was fixed
/// (with its time) when the gateway connected.
/// Changes of status and device state are announced on the <see cref="DeviceFeed"/> once stored.
/// </summary>
public sealed class GatewayStore(HubDatabase database, TimeProvider clock, DeviceFeed feed)
{
    private const string Columns = "gateway_id, community, state, last_status_at, last_heartbeat_at, agent_version, uptime_seconds, device_count, "
        + "backlog_events, backlog_states, backlog_telemetry, backlog_oldest_age_seconds, backlog_thinned_telemetry, mode";

    public async Task ApplyStatusAsync(string community, GatewayStatus status, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(status);
        var at = clock.GetUtcNow();
        await ExecuteAsync(
            """
            INSERT INTO gateways (gateway_id, community, state, last_status_at, agent_version, mode)
            VALUES (@gatewayId, @community, @state, @at, @agentVersion, @mode)
            ON CONFLICT (gateway_id) DO UPDATE SET
                community = excluded.community,
                state = excluded.state,
                last_status_at = excluded.last_status_at,
                agent_version = coalesce(excluded.agent_version, gateways.agent_version),
                mode = coalesce(excluded.mode, gateways.mode);
            """,
            p =>
            {
                p.Bind("@gatewayId", status.GatewayId);
                p.Bind("@community", community);
                p.Bind("@state", ApiNames.Of(status.State));
                p.Bind("@at", DbValues.Timestamp(at));
                p.Bind("@agentVersion", DbValues.Nullable(status.AgentVersion));
                p.Bind("@mode", DbValues.Nullable(status.Mode is { } mode ? GatewayModes.Code(mode) : null));
            },
            ct).ConfigureAwait(false);
        feed.Publish(new DeviceChange(community, status.GatewayId, null, ApiNames.Of(status.State), at));
    }

    public Task ApplyHeartbeatAsync(string community, Heartbeat heartbeat, CancellationToken ct) =>
        ExecuteAsync(
            """
            INSERT INTO gateways (gateway_id, community, last_heartbeat_at, uptime_seconds, device_count,
                backlog_events, backlog_states, backlog_telemetry, backlog_oldest_age_seconds, backlog_thinned_telemetry)
            VALUES (@gatewayId, @community, @at, @uptime, @deviceCount, @events, @states, @telemetry, @oldest, @thinned)
            ON CONFLICT (gateway_id) DO UPDATE SET
                community = excluded.community,
                last_heartbeat_at = excluded.last_heartbeat_at,
                uptime_seconds = excluded.uptime_seconds,
                device_count = excluded.device_count,
                backlog_events = excluded.backlog_events,
                backlog_states = excluded.backlog_states,
                backlog_telemetry = excluded.backlog_telemetry,
                backlog_oldest_age_seconds = excluded.backlog_oldest_age_seconds,
                backlog_thinned_telemetry = excluded.backlog_thinned_telemetry
            WHERE gateways.last_heartbeat_at IS NULL OR excluded.last_heartbeat_at >= gateways.last_heartbeat_at;
            """,
            p =>
            {
                p.Bind("@gatewayId", heartbeat.GatewayId);
                p.Bind("@community", community);
                p.Bind("@at", DbValues.Timestamp(heartbeat.At));
                p.Bind("@uptime", heartbeat.UptimeSeconds);
                p.Bind("@deviceCount", heartbeat.DeviceCount);
                var backlog = heartbeat.Backlog;
                p.Bind("@events", backlog is null ? DBNull.Value : backlog.Events);
                p.Bind("@states", backlog is null ? DBNull.Value : backlog.States);
                p.Bind("@telemetry", backlog is null ? DBNull.Value : backlog.Telemetry);
                p.Bind("@oldest", backlog is null ? DBNull.Value : backlog.OldestAgeSeconds);
                p.Bind("@thinned", backlog is null ? DBNull.Value : backlog.ThinnedTelemetry);
            },
            ct);

    /// <summary>Also makes the gateway known, so its devices can be listed before its status arrives. A state older than the stored one changes nothing and is not announced.</summary>
    public async Task ApplyDeviceStateAsync(string community, DeviceState state, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(state);
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, ct).ConfigureAwait(false);
        await using (var known = connection.Command(transaction, "INSERT INTO gateways (gateway_id, community) VALUES (@gatewayId, @community) ON CONFLICT (gateway_id) DO NOTHING;"))
        {
            known.Bind("@gatewayId", state.GatewayId).Bind("@community", community);
            await known.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        int applied;
        await using (var command = connection.Command(transaction,
            """
            INSERT INTO device_states (gateway_id, device_id, state, at) VALUES (@gatewayId, @deviceId, @state, @at)
            ON CONFLICT (gateway_id, device_id) DO UPDATE SET state = excluded.state, at = excluded.at
            WHERE excluded.at >= device_states.at;
            """))
        {
            command.Bind("@gatewayId", state.GatewayId).Bind("@deviceId", state.DeviceId).Bind("@state", state.State).Bind("@at", DbValues.Timestamp(state.At));
            applied = await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        if (applied > 0)
            feed.Publish(new DeviceChange(community, state.GatewayId, state.DeviceId, state.State, state.At));
    }

    /// <summary>Every device state behind the gateways of <paramref name="community"/>.</summary>
    public async Task<IReadOnlyList<CommunityDevice>> DevicesOfCommunityAsync(string community, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.Command(null,
            "SELECT d.gateway_id, d.device_id, d.state, d.at FROM device_states d JOIN gateways g ON g.gateway_id = d.gateway_id WHERE g.community = @community ORDER BY d.gateway_id, d.device_id;");
        command.Bind("@community", community);
        await using var r = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var devices = new List<CommunityDevice>();
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            devices.Add(new CommunityDevice(r.GetString(0), r.GetString(1), r.GetString(2), r.GetTimestamp(3)));
        return devices;
    }

    public async Task<IReadOnlyList<Gateway>> ListAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM gateways ORDER BY community, gateway_id;";
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var gateways = new List<Gateway>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            gateways.Add(new Gateway(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetNullableString(2) is { } state ? ApiNames.Parse<GatewayState>(state) : null,
                reader.GetNullableTimestamp(3),
                reader.GetNullableTimestamp(4),
                reader.GetNullableString(5),
                reader.GetNullableInt64(6),
                reader.GetNullableInt64(7),
                reader.IsDBNull(8) ? null : new OutboxBacklog(reader.GetWholeNumber(8), reader.GetWholeNumber(9), reader.GetWholeNumber(10), reader.GetWholeNumber(11), reader.GetWholeNumber(12)),
                GatewayModes.Parse(reader.GetNullableString(13))));
        }
        return gateways;
    }

    /// <summary>Null when the gateway is unknown.</summary>
    public async Task<IReadOnlyList<Device>?> DevicesAsync(string gatewayId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await database.BeginReadAsync(connection, ct).ConfigureAwait(false);

        await using var known = connection.CreateCommand();
        known.Transaction = transaction;
        known.CommandText = "SELECT 1 FROM gateways WHERE gateway_id = @gatewayId;";
        known.Bind("@gatewayId", gatewayId);
        if (await known.ExecuteScalarAsync(ct).ConfigureAwait(false) is null)
            return null;

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT device_id, state, at FROM device_states WHERE gateway_id = @gatewayId ORDER BY device_id;";
        command.Bind("@gatewayId", gatewayId);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var devices = new List<Device>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            devices.Add(new Device(reader.GetString(0), reader.GetString(1), reader.GetTimestamp(2)));
        return devices;
    }

    private async Task ExecuteAsync(string sql, Action<DbCommand> bind, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        bind(command);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }
}
