using System.Globalization;
using System.Text.Json;
using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Storage;
using EdgeSecurity.Upstream.Viid;

namespace EdgeSecurity.Hub.Forwarding;

/// <summary>A subscription the platform made with the hub: which kinds, which cameras (ApeIDs; empty for all), until when, where to push.</summary>
public sealed record ViidSubscription(string SubscribeId, string Title, IReadOnlyList<ObjectKind> Kinds, IReadOnlyList<string> Devices, Uri ReceiveAddr,
    DateTimeOffset Begin, DateTimeOffset End, string Status, DateTimeOffset CreatedAt, DateTimeOffset? CancelledAt);

/// <summary>
/// The platform's subscriptions to this hub (GA/T 1400.4 视图库 cascade: the upper platform subscribes at the lower one,
/// which pushes SubscribeNotifications to its ReceiveAddr), in table <c>viid_subscriptions</c>, and which objects each
/// has been sent (<c>viid_notifications</c>), so every object is pushed once per subscription.
/// </summary>
public sealed class ViidSubscriptionStore(HubDatabase database)
{
    public const string Active = "active";
    public const string Cancelled = "cancelled";

    /// <summary>Detail codes this hub serves: 11 persons, 13 motor vehicles, 14 non-motor vehicles.</summary>
    public static ObjectKind? KindOfDetail(string code) => code.Trim() switch
    {
        "11" => ObjectKind.Person,
        "13" => ObjectKind.MotorVehicle,
        "14" => ObjectKind.NonMotorVehicle,
        _ => null,
    };

    public static string DetailOf(ObjectKind kind) => kind switch
    {
        ObjectKind.MotorVehicle => "13",
        ObjectKind.NonMotorVehicle => "14",
        _ => "11",
    };

    /// <summary>Creates the subscription, or replaces it (active again) when the platform sends the same id.</summary>
    public async Task SaveAsync(ViidSubscription s, SubscribeObject original, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var upsert = connection.Command(null,
            "INSERT INTO viid_subscriptions (subscribe_id, title, details, resource_uri, receive_addr, begin_time, end_time, status, created_at, cancelled_at, object) " +
            "VALUES (@id, @title, @details, @resource, @addr, @begin, @end, @status, @created, NULL, @object) " +
            "ON CONFLICT (subscribe_id) DO UPDATE SET title = excluded.title, details = excluded.details, resource_uri = excluded.resource_uri, " +
            "receive_addr = excluded.receive_addr, begin_time = excluded.begin_time, end_time = excluded.end_time, status = excluded.status, cancelled_at = NULL, object = excluded.object;");
        upsert.Bind("@id", s.SubscribeId).Bind("@title", s.Title).Bind("@details", string.Join(',', s.Kinds.Select(DetailOf)))
            .Bind("@resource", string.Join(',', s.Devices)).Bind("@addr", s.ReceiveAddr.ToString()).Bind("@begin", DbValues.Timestamp(s.Begin))
            .Bind("@end", DbValues.Timestamp(s.End)).Bind("@status", Active).Bind("@created", DbValues.Timestamp(s.CreatedAt))
            .Bind("@object", JsonSerializer.Serialize(original, ViidJson.Options));
        await upsert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Cancels a subscription; false when there is no such subscription.</summary>
    public async Task<bool> CancelAsync(string subscribeId, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var update = connection.Command(null,
            "UPDATE viid_subscriptions SET status = @cancelled, cancelled_at = coalesce(cancelled_at, @now) WHERE subscribe_id = @id;");
        update.Bind("@cancelled", Cancelled).Bind("@now", DbValues.Timestamp(now)).Bind("@id", subscribeId);
        return await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    public async Task<IReadOnlyList<ViidSubscription>> ListAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var select = connection.Command(null,
            "SELECT subscribe_id, title, details, resource_uri, receive_addr, begin_time, end_time, status, created_at, cancelled_at FROM viid_subscriptions ORDER BY created_at;");
        var list = new List<ViidSubscription>();
        await using var r = await select.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(new ViidSubscription(r.GetString(0), r.GetString(1),
                [.. r.GetString(2).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(KindOfDetail).OfType<ObjectKind>()],
                r.GetString(3).Split(',', StringSplitOptions.RemoveEmptyEntries), new Uri(r.GetString(4)),
                r.GetTimestamp(5), r.GetTimestamp(6), r.GetString(7), r.GetTimestamp(8), r.GetNullableTimestamp(9)));
        }
        return list;
    }

    /// <summary>Records that these objects were pushed (or refused for good) for a subscription: never pushed again.</summary>
    public async Task MarkAsync(string subscribeId, IEnumerable<Guid> objectIds, string status, string? error, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(objectIds);
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, ct).ConfigureAwait(false);
        foreach (var id in objectIds)
        {
            await using var insert = connection.Command(transaction,
                "INSERT INTO viid_notifications (subscribe_id, object_id, status, attempts, next_attempt_at, last_error, finished_at) " +
                "VALUES (@sub, @id, @status, 1, @now, @error, @now) ON CONFLICT (subscribe_id, object_id) DO NOTHING;");
            insert.Bind("@sub", subscribeId).Bind("@id", id.ToString()).Bind("@status", status).Bind("@now", DbValues.Timestamp(now)).Bind("@error", error);
            await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads one SubscribeObject of the platform's: an id of digits, the kinds this hub serves, cameras as ApeIDs (or our
    /// platform code, or nothing: every camera), a ReceiveAddr on the platform we are registered with (we push only
    /// there: anything else would let a caller make the hub post to any address), and a time window.
    /// </summary>
    public static ViidSubscription? Parse(SubscribeObject o, ViidSettings settings, DateTimeOffset now, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(settings);
        problem = null;
        if (string.IsNullOrEmpty(o.SubscribeID) || o.SubscribeID.Length > 64 || !o.SubscribeID.All(char.IsAsciiDigit))
            problem = "SubscribeID must be 1-64 digits";
        else if ((o.SubscribeDetail ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(KindOfDetail).OfType<ObjectKind>().Distinct().ToList() is not { Count: > 0 } kinds)
            problem = $"SubscribeDetail '{o.SubscribeDetail}' names nothing this hub offers: 11 persons, 13 motor vehicles, 14 non-motor vehicles";
        else if (!Uri.TryCreate(o.ReceiveAddr, UriKind.Absolute, out var addr) || addr.Scheme is not ("http" or "https"))
            problem = "ReceiveAddr must be an http(s) URL";
        else if (!string.Equals(addr.Host, settings.Client.BaseUri.Host, StringComparison.OrdinalIgnoreCase))
            problem = $"ReceiveAddr must be on the 视图库 this hub is registered with ({settings.Client.BaseUri.Host})";
        else if (!ViidTime.TryParse(o.BeginTime, settings.Client.LocalOffset, out var begin) || !ViidTime.TryParse(o.EndTime, settings.Client.LocalOffset, out var end) || end <= begin)
            problem = "BeginTime and EndTime must be yyyyMMddHHmmss, EndTime after BeginTime";
        else
        {
            var devices = (o.ResourceURI ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(d => d != settings.Client.DeviceId).ToList();
            var unknown = devices.Where(d => settings.Cameras.All(c => c.ApeId != d)).ToList();
            if (unknown.Count > 0)
            {
                problem = $"ResourceURI names cameras this hub does not have: {string.Join(", ", unknown.Take(5))}";
                return null;
            }
            return new ViidSubscription(o.SubscribeID, o.Title ?? "", kinds, devices, addr, begin, end, Active, now, null);
        }
        return null;
    }

    public static string Describe(ViidSubscription s) =>
        string.Create(CultureInfo.InvariantCulture, $"{s.SubscribeId} ({string.Join('/', s.Kinds.Select(ObjectKinds.Code))} → {s.ReceiveAddr})");
}
