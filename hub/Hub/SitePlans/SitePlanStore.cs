using System.Security.Cryptography;
using EdgeSecurity.Hub.Storage;

namespace EdgeSecurity.Hub.SitePlans;

/// <summary>What is known of a community's uploaded plan, without its bytes.</summary>
public sealed record SitePlanInfo(string Community, string ContentType, int Width, int Height, string Sha256, string UploadedBy, DateTimeOffset UploadedAt);

/// <summary>
/// A marker on the plan: a device (<paramref name="GatewayId"/> and <paramref name="DeviceId"/>) or a building's label
/// (<paramref name="Building"/>), at <paramref name="X"/>, <paramref name="Y"/> as fractions of the plan's width and
/// height from its top left corner, so a plan replaced by a larger scan of the same drawing keeps its markers.
/// </summary>
public sealed record PlanMarker(string? GatewayId, string? DeviceId, string? Building, double X, double Y);

/// <summary>
/// Plans and markers in the hub database (tables site_plans and site_plan_markers), so every hub sharing a PostgreSQL
/// database serves the same plan. One plan per community; uploading again replaces it and keeps the markers.
/// </summary>
public sealed class SitePlanStore(HubDatabase database)
{
    public async Task<SitePlanInfo> SavePlanAsync(string community, PlanImage image, string by, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(image);
        var info = new SitePlanInfo(community, image.ContentType, image.Width, image.Height, Convert.ToHexStringLower(SHA256.HashData(image.Data)), by, at);
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, ct).ConfigureAwait(false);
        await using (var command = connection.Command(transaction,
            """
            INSERT INTO site_plans (community, content_type, width, height, sha256, image, uploaded_by, uploaded_at)
            VALUES (@community, @type, @width, @height, @sha256, @image, @by, @at)
            ON CONFLICT (community) DO UPDATE SET content_type = excluded.content_type, width = excluded.width, height = excluded.height,
                sha256 = excluded.sha256, image = excluded.image, uploaded_by = excluded.uploaded_by, uploaded_at = excluded.uploaded_at;
            """))
        {
            command.Bind("@community", community).Bind("@type", info.ContentType).Bind("@width", info.Width).Bind("@height", info.Height)
                .Bind("@sha256", info.Sha256).Bind("@image", image.Data).Bind("@by", by).Bind("@at", DbValues.Timestamp(at));
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return info;
    }

    public async Task<SitePlanInfo?> InfoAsync(string community, CancellationToken ct) =>
        (await ReadAsync(community, withImage: false, ct).ConfigureAwait(false)).Info;

    public Task<(SitePlanInfo? Info, byte[]? Image)> PlanAsync(string community, CancellationToken ct) => ReadAsync(community, withImage: true, ct);

    /// <summary>Replaces the community's markers with <paramref name="markers"/>; false (and nothing changed) when it has no plan.</summary>
    public async Task<bool> SaveMarkersAsync(string community, IReadOnlyList<PlanMarker> markers, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(markers);
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, ct).ConfigureAwait(false);
        await using (var known = connection.Command(transaction, "SELECT 1 FROM site_plans WHERE community = @community;"))
        {
            known.Bind("@community", community);
            if (await known.ExecuteScalarAsync(ct).ConfigureAwait(false) is null)
                return false;
        }
        await using (var clear = connection.Command(transaction, "DELETE FROM site_plan_markers WHERE community = @community;"))
        {
            clear.Bind("@community", community);
            await clear.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        foreach (var marker in markers)
        {
            await using var insert = connection.Command(transaction,
                "INSERT INTO site_plan_markers (community, marker_key, gateway_id, device_id, building, x, y) VALUES (@community, @key, @gateway, @device, @building, @x, @y);");
            insert.Bind("@community", community).Bind("@key", KeyOf(marker)).Bind("@gateway", marker.GatewayId).Bind("@device", marker.DeviceId)
                .Bind("@building", marker.Building).Bind("@x", marker.X).Bind("@y", marker.Y);
            await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    public async Task<IReadOnlyList<PlanMarker>> MarkersAsync(string community, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.Command(null, "SELECT gateway_id, device_id, building, x, y FROM site_plan_markers WHERE community = @community ORDER BY marker_key;");
        command.Bind("@community", community);
        await using var r = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var markers = new List<PlanMarker>();
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            markers.Add(new PlanMarker(r.GetNullableString(0), r.GetNullableString(1), r.GetNullableString(2), r.GetDouble(3), r.GetDouble(4)));
        return markers;
    }

    /// <summary>One marker per device and per building: "device:{gateway}/{device}" or "building:{name}".</summary>
    public static string KeyOf(PlanMarker marker)
    {
        ArgumentNullException.ThrowIfNull(marker);
        return marker.Building is { } building ? $"building:{building}" : $"device:{marker.GatewayId}/{marker.DeviceId}";
    }

    private async Task<(SitePlanInfo? Info, byte[]? Image)> ReadAsync(string community, bool withImage, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.Command(null,
            $"SELECT content_type, width, height, sha256, uploaded_by, uploaded_at{(withImage ? ", image" : "")} FROM site_plans WHERE community = @community;");
        command.Bind("@community", community);
        await using var r = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await r.ReadAsync(ct).ConfigureAwait(false))
            return (null, null);
        var info = new SitePlanInfo(community, r.GetString(0), (int)r.GetWholeNumber(1), (int)r.GetWholeNumber(2), r.GetString(3), r.GetString(4), r.GetTimestamp(5));
        return (info, withImage ? (byte[])r.GetValue(6) : null);
    }
}
