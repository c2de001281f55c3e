using System.Data.Common;
using System.Globalization;
using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Storage;

namespace EdgeSecurity.Hub.Forwarding;

/// <summary>A structured object as the hub keeps it: what the camera saw, where its crop is, and what became of its upload.</summary>
public sealed record StoredObject(
    Guid ObjectId, string Community, string GatewayId, string DeviceId, ObjectKind Kind, string Label, long TrackId, DateTimeOffset At,
    ObjectBox Box, double Confidence, string? Direction, string ImageUri, int ImageWidth, int ImageHeight, DateTimeOffset ReceivedAt,
    string? ViidId, string Status, int Attempts, string? LastError);

/// <summary>
/// Structured objects from the cameras (table <c>viid_objects</c>) and their upload to the 视图库: stored once per
/// object id (a redelivery changes nothing), claimed for upload with a lease (so two hubs on one database never send
/// the same object at once, and a hub that dies holding one loses the claim), the GA/T 1400 id kept before the first
/// attempt so every retry sends the same object, and the outcome kept: <c>uploaded</c>, <c>rejected</c> (the 视图库
/// refused it for good), or <c>pending</c> with the next attempt's time.
/// </summary>
public sealed class StructuredObjectStore(HubDatabase database)
{
    public const string Pending = "pending";
    public const string Uploaded = "uploaded";
    public const string Rejected = "rejected";

    private const string Columns = "object_id, community, gateway_id, device_id, kind, label, track_id, at, box_left, box_top, box_right, box_bottom, " +
        "frame_width, frame_height, confidence, direction, image_uri, image_width, image_height, received_at, viid_id, status, attempts, last_error";

    /// <summary>Stores a new object; false when its id is known (a redelivery).</summary>
    public async Task<bool> StoreAsync(string community, StructuredObject o, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(o);
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var insert = connection.Command(null,
            $"INSERT INTO viid_objects ({Columns}, next_attempt_at) VALUES (@id, @community, @gateway, @device, @kind, @label, @track, @at, @left, @top, @right, @bottom, " +
            "@fw, @fh, @confidence, @direction, @uri, @iw, @ih, @now, NULL, @status, 0, NULL, @now) ON CONFLICT (object_id) DO NOTHING;");
        insert.Bind("@id", o.ObjectId.ToString()).Bind("@community", community).Bind("@gateway", o.GatewayId).Bind("@device", o.DeviceId)
            .Bind("@kind", ObjectKinds.Code(o.Kind)).Bind("@label", o.Label).Bind("@track", o.TrackId).Bind("@at", DbValues.Timestamp(o.At))
            .Bind("@left", o.Box.Left).Bind("@top", o.Box.Top).Bind("@right", o.Box.Right).Bind("@bottom", o.Box.Bottom)
            .Bind("@fw", o.Box.FrameWidth).Bind("@fh", o.Box.FrameHeight).Bind("@confidence", o.Confidence).Bind("@direction", o.Direction)
            .Bind("@uri", o.Image.Uri).Bind("@iw", o.Image.Width).Bind("@ih", o.Image.Height).Bind("@now", DbValues.Timestamp(now)).Bind("@status", Pending);
        return await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    /// <summary>Up to <paramref name="limit"/> pending objects due now, oldest first, each claimed until now + <paramref name="lease"/>.</summary>
    public async Task<IReadOnlyList<StoredObject>> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        List<StoredObject> candidates;
        await using (var select = connection.Command(null,
            $"SELECT {Columns} FROM viid_objects WHERE status = @pending AND next_attempt_at <= @now AND (claimed_until IS NULL OR claimed_until < @now) " +
            "ORDER BY next_attempt_at, received_at LIMIT @limit;"))
        {
            select.Bind("@pending", Pending).Bind("@now", DbValues.Timestamp(now)).Bind("@limit", limit);
            candidates = await ReadAsync(select, ct).ConfigureAwait(false);
        }
        var claimed = new List<StoredObject>(candidates.Count);
        foreach (var candidate in candidates)
        {
            await using var claim = connection.Command(null,
                "UPDATE viid_objects SET claimed_until = @until WHERE object_id = @id AND status = @pending AND (claimed_until IS NULL OR claimed_until < @now);");
            claim.Bind("@until", DbValues.Timestamp(now + lease)).Bind("@id", candidate.ObjectId.ToString()).Bind("@pending", Pending).Bind("@now", DbValues.Timestamp(now));
            if (await claim.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1)
                claimed.Add(candidate);
        }
        return claimed;
    }

    /// <summary>Keeps the object's GA/T 1400 id before it is first sent; the id kept first wins.</summary>
    public async Task<string> AssignViidIdAsync(Guid objectId, string viidId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using (var update = connection.Command(null, "UPDATE viid_objects SET viid_id = @viid WHERE object_id = @id AND viid_id IS NULL;"))
        {
            update.Bind("@viid", viidId).Bind("@id", objectId.ToString());
            await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await using var select = connection.Command(null, "SELECT viid_id FROM viid_objects WHERE object_id = @id;");
        select.Bind("@id", objectId.ToString());
        return (string)(await select.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    /// <param name="status"><see cref="Uploaded"/>, <see cref="Rejected"/>, or <see cref="Pending"/> to try again at <paramref name="next"/>.</param>
    public async Task CompleteAsync(Guid objectId, string status, string? error, DateTimeOffset now, DateTimeOffset next, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var update = connection.Command(null,
            "UPDATE viid_objects SET status = @status, attempts = attempts + 1, last_error = @error, next_attempt_at = @next, claimed_until = NULL, " +
            "finished_at = @finished WHERE object_id = @id AND status = @pending;");
        update.Bind("@status", status).Bind("@error", error).Bind("@next", DbValues.Timestamp(next))
            .Bind("@finished", status == Pending ? null : DbValues.Timestamp(now)).Bind("@id", objectId.ToString()).Bind("@pending", Pending);
        await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>The newest objects, for <c>GET /api/upstream/viid/objects</c>.</summary>
    public async Task<IReadOnlyList<StoredObject>> ListAsync(int limit, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var select = connection.Command(null, $"SELECT {Columns} FROM viid_objects ORDER BY received_at DESC, object_id DESC LIMIT @limit;");
        select.Bind("@limit", limit);
        return await ReadAsync(select, ct).ConfigureAwait(false);
    }

    /// <summary>Objects of these kinds received from <paramref name="since"/> on that a subscription has not been sent yet, oldest first.</summary>
    public async Task<IReadOnlyList<StoredObject>> UnnotifiedAsync(string subscribeId, IReadOnlyCollection<ObjectKind> kinds, DateTimeOffset since, int limit, CancellationToken ct)
    {
        if (kinds.Count == 0)
            return [];
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        var kindList = string.Join(", ", kinds.Select((_, i) => $"@k{i}"));
        await using var select = connection.Command(null,
            $"SELECT {Columns} FROM viid_objects o WHERE o.received_at >= @since AND o.kind IN ({kindList}) " +
            "AND NOT EXISTS (SELECT 1 FROM viid_notifications n WHERE n.subscribe_id = @sub AND n.object_id = o.object_id) ORDER BY o.received_at LIMIT @limit;");
        select.Bind("@since", DbValues.Timestamp(since)).Bind("@sub", subscribeId).Bind("@limit", limit);
        var i = 0;
        foreach (var kind in kinds)
            select.Bind($"@k{i++}", ObjectKinds.Code(kind));
        return await ReadAsync(select, ct).ConfigureAwait(false);
    }

    /// <summary>Deletes objects received before <paramref name="cutoff"/> with their notifications; returns their crops' URIs.</summary>
    public async Task<IReadOnlyList<string>> PurgeAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, ct).ConfigureAwait(false);
        var uris = new List<string>();
        await using (var select = connection.Command(transaction, "SELECT image_uri FROM viid_objects WHERE received_at < @cutoff;"))
        {
            select.Bind("@cutoff", DbValues.Timestamp(cutoff));
            await using var reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                uris.Add(reader.GetString(0));
        }
        await using (var notifications = connection.Command(transaction,
            "DELETE FROM viid_notifications WHERE object_id IN (SELECT object_id FROM viid_objects WHERE received_at < @cutoff);"))
        {
            notifications.Bind("@cutoff", DbValues.Timestamp(cutoff));
            await notifications.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await using (var objects = connection.Command(transaction, "DELETE FROM viid_objects WHERE received_at < @cutoff;"))
        {
            objects.Bind("@cutoff", DbValues.Timestamp(cutoff));
            await objects.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return uris;
    }

    private static async Task<List<StoredObject>> ReadAsync(DbCommand command, CancellationToken ct)
    {
        var list = new List<StoredObject>();
        await using var r = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(new StoredObject(
                Guid.Parse(r.GetString(0)), r.GetString(1), r.GetString(2), r.GetString(3), ObjectKinds.Parse(r.GetString(4)) ?? ObjectKind.Person, r.GetString(5),
                r.GetWholeNumber(6), r.GetTimestamp(7),
                new ObjectBox((int)r.GetWholeNumber(8), (int)r.GetWholeNumber(9), (int)r.GetWholeNumber(10), (int)r.GetWholeNumber(11), (int)r.GetWholeNumber(12), (int)r.GetWholeNumber(13)),
                Convert.ToDouble(r.GetValue(14), CultureInfo.InvariantCulture), r.GetNullableString(15), r.GetString(16), (int)r.GetWholeNumber(17), (int)r.GetWholeNumber(18),
                r.GetTimestamp(19), r.GetNullableString(20), r.GetString(21), (int)r.GetWholeNumber(22), r.GetNullableString(23)));
        }
        return list;
    }
}
