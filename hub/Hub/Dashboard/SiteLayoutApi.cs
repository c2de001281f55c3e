using System.Globalization;
using EdgeSecurity.Hub.Access;
using EdgeSecurity.Hub.Gateways;
using EdgeSecurity.Hub.SitePlans;
using EdgeSecurity.Hub.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EdgeSecurity.Hub.Dashboard;

/// <summary>A device on the site view: where it last reported from, and its last state (null when it never sent one).</summary>
public sealed record LayoutDevice(string GatewayId, string DeviceId, string? Floor, string? State, DateTimeOffset? StateAt);

public sealed record LayoutUnit(string Unit, IReadOnlyList<LayoutDevice> Devices);

public sealed record LayoutBuilding(string Building, IReadOnlyList<LayoutUnit> Units);

/// <summary>
/// A community as buildings → units → devices, for the generated schematic; devices without a known place are listed
/// apart. <paramref name="Plan"/> is the plan an admin uploaded (null: none, draw the schematic) and
/// <paramref name="Markers"/> where its devices and buildings sit on it.
/// </summary>
public sealed record SiteLayout(string Community, string Name, IReadOnlyList<LayoutBuilding> Buildings, IReadOnlyList<LayoutDevice> Unplaced,
    SitePlanInfo? Plan, IReadOnlyList<PlanMarker> Markers);

/// <summary>
/// GET /api/site/layout?community=: the site has no device registry with addresses, so a device's place is the one its
/// latest event carried (building, unit, floor), and its state the one its gateway last reported. Devices that never
/// raised an event are "unplaced" until they do (an uploaded plan places them by its markers instead). Who may see it: as
/// for gateways (the community's people, installers).
/// </summary>
public static class SiteLayoutApi
{
    public static IEndpointRouteBuilder MapSiteLayoutApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/site/layout", LayoutAsync).RequireAuthorization();
        return app;
    }

    private static async Task<Results<Ok<SiteLayout>, NotFound>> LayoutAsync(string? community, SignedIn me, HubDatabase database, GatewayStore gateways, SitePlanStore plans, CancellationToken ct)
    {
        if (community is null || !GatewaysExtensions.SeesCommunity(me, community) || me.Site.Place(community) is not { } place)
            return TypedResults.NotFound();

        var placed = new Dictionary<(string Gateway, string Device), (string? Building, string? Unit, string? Floor)>();
        await using (var connection = await database.OpenAsync(ct).ConfigureAwait(false))
        await using (var command = connection.Command(null,
            "SELECT gateway_id, device_id, place_building, place_unit, place_floor FROM incidents WHERE community = @community AND quarantine IS NULL ORDER BY received_at;"))
        {
            command.Bind("@community", community);
            await using var r = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false))
                placed[(r.GetString(0), r.GetString(1))] = (r.GetNullableString(2), r.GetNullableString(3), r.GetNullableString(4));
        }

        var states = new Dictionary<(string Gateway, string Device), Device>();
        foreach (var gateway in (await gateways.ListAsync(ct).ConfigureAwait(false)).Where(g => g.Community == community))
        {
            foreach (var device in await gateways.DevicesAsync(gateway.GatewayId, ct).ConfigureAwait(false) ?? [])
                states[(gateway.GatewayId, device.DeviceId)] = device;
        }

        LayoutDevice Describe((string Gateway, string Device) key, string? floor) =>
            new(key.Gateway, key.Device, floor, states.GetValueOrDefault(key)?.State, states.GetValueOrDefault(key)?.At);

        var buildings = placed
            .Where(p => p.Value.Building is not null)
            .GroupBy(p => p.Value.Building!)
            .OrderBy(b => b.Key, NaturalOrder.Instance)
            .Select(b => new LayoutBuilding(b.Key, [.. b
                .GroupBy(p => p.Value.Unit ?? "")
                .OrderBy(u => u.Key, NaturalOrder.Instance)
                .Select(u => new LayoutUnit(u.Key, [.. u.OrderBy(d => d.Key.Device, StringComparer.Ordinal).Select(d => Describe(d.Key, d.Value.Floor))]))]))
            .ToList();
        var unplaced = states.Keys.Where(k => placed.GetValueOrDefault(k).Building is null)
            .OrderBy(k => k.Gateway, StringComparer.Ordinal).ThenBy(k => k.Device, StringComparer.Ordinal)
            .Select(k => Describe(k, null))
            .ToList();
        return TypedResults.Ok(new SiteLayout(community, place.Name, buildings, unplaced,
            await plans.InfoAsync(community, ct).ConfigureAwait(false), await plans.MarkersAsync(community, ct).ConfigureAwait(false)));
    }

    /// <summary>"2" before "10": building and unit numbers as people count them.</summary>
    private sealed class NaturalOrder : IComparer<string>
    {
        public static readonly NaturalOrder Instance = new();

        public int Compare(string? x, string? y) =>
            int.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out var a) && int.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out var b) ? a.CompareTo(b) : string.CompareOrdinal(x, y);
    }
}
