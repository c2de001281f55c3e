using EdgeSecurity.Hub.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EdgeSecurity.Hub.Gateways;

public static class GatewaysExtensions
{
    public static IHostApplicationBuilder AddHubGateways(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DeviceFeed>();
        builder.Services.AddSingleton<GatewayStore>();
        builder.Services.AddSingleton<GatewayCommandStore>();
        builder.Services.AddSingleton<GatewayModeSwitch>();
        return builder;
    }

    public static IEndpointRouteBuilder MapGatewaysApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/gateways").RequireAuthorization();
        group.MapGet("/", ListAsync);
        group.MapGet("/{id}/devices", DevicesAsync);
        group.MapPost("/{id}/mode", SwitchModeAsync).AddEndpointFilter<CsrfFilter>();
        group.MapGet("/{id}/commands", CommandsAsync);
        var devices = app.MapGroup("/api/devices").RequireAuthorization();
        devices.MapGet("/states", StatesAsync);
        devices.MapGet("/stream", Stream);
        return app;
    }

    /// <summary>The gateways of the communities the person works in (all for admins and installers, who set them up).</summary>
    private static async Task<Ok<IReadOnlyList<Gateway>>> ListAsync(SignedIn me, GatewayStore store, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<Gateway>>([.. (await store.ListAsync(ct).ConfigureAwait(false)).Where(g => SeesGatewaysOf(me, g.Community))]);

    private static async Task<Results<Ok<IReadOnlyList<Device>>, NotFound>> DevicesAsync(string id, SignedIn me, GatewayStore store, CancellationToken ct)
    {
        var gateway = (await store.ListAsync(ct).ConfigureAwait(false)).FirstOrDefault(g => g.GatewayId == id);
        return gateway is not null && SeesGatewaysOf(me, gateway.Community) && await store.DevicesAsync(id, ct).ConfigureAwait(false) is { } devices
            ? TypedResults.Ok(devices)
            : TypedResults.NotFound();
    }

    /// <summary>
    /// POST {"mode": "normal" | "heightened" | "emergency", "note": "..."}: 202 with the command as sent (its answer
    /// arrives at GET /api/gateways/{id}/commands); 400 malformed, 403 not for this role, 404 unknown or not visible,
    /// 503 when the hub is not connected to the broker.
    /// </summary>
    private static async Task<Results<Accepted<GatewayCommand>, ProblemHttpResult>> SwitchModeAsync(
        string id, ModeRequest? request, SignedIn me, GatewayModeSwitch modes, CancellationToken ct)
    {
        var (outcome, command, reason) = await modes.SwitchAsync(me, id, request ?? new ModeRequest(null, null), ct).ConfigureAwait(false);
        return outcome switch
        {
            ModeSwitchOutcome.Sent => TypedResults.Accepted($"/api/gateways/{id}/commands", command!),
            ModeSwitchOutcome.Invalid => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid mode command", detail: reason),
            ModeSwitchOutcome.Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed for your role", detail: reason),
            ModeSwitchOutcome.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such gateway", detail: reason),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Broker not reachable", detail: reason),
        };
    }

    private static async Task<Results<Ok<IReadOnlyList<GatewayCommand>>, NotFound>> CommandsAsync(string id, SignedIn me, GatewayStore store, GatewayCommandStore commands, CancellationToken ct)
    {
        var gateway = (await store.ListAsync(ct).ConfigureAwait(false)).FirstOrDefault(g => g.GatewayId == id);
        return gateway is not null && SeesGatewaysOf(me, gateway.Community)
            ? TypedResults.Ok(await commands.ListAsync(id, 100, ct).ConfigureAwait(false))
            : TypedResults.NotFound();
    }

    /// <summary>GET /api/devices/states?community=: each gateway's status and each device's state; 404 for a community one does not see.</summary>
    private static async Task<Results<Ok<CommunityDeviceStates>, NotFound>> StatesAsync(string? community, SignedIn me, GatewayStore store, CancellationToken ct)
    {
        if (community is null || !SeesCommunity(me, community))
            return TypedResults.NotFound();
        var gateways = (await store.ListAsync(ct).ConfigureAwait(false)).Where(g => g.Community == community).Select(g => new GatewayPresence(g.GatewayId, g.State, g.LastStatusAt)).ToList();
        return TypedResults.Ok(new CommunityDeviceStates(community, gateways, await store.DevicesOfCommunityAsync(community, ct).ConfigureAwait(false)));
    }

    /// <summary>GET /api/devices/stream?community=: server-sent device.state and gateway.status items of one community, as the hub stores them.</summary>
    private static Results<ServerSentEventsResult<DeviceChange?>, NotFound> Stream(string? community, SignedIn me, DeviceFeed feed, CancellationToken ct) =>
        community is not null && SeesCommunity(me, community)
            ? TypedResults.ServerSentEvents(feed.SubscribeAsync(community, ct))
            : TypedResults.NotFound();

    /// <summary>Whether <paramref name="community"/> is a community of the site whose gateways and devices <paramref name="me"/> sees.</summary>
    public static bool SeesCommunity(SignedIn me, string community)
    {
        ArgumentNullException.ThrowIfNull(me);
        return me.Site.IsCommunity(community) && SeesGatewaysOf(me, community);
    }

    private static bool SeesGatewaysOf(SignedIn me, string community) => me.Person.Role == People.Role.Installer || me.CoversCommunity(community);
}
