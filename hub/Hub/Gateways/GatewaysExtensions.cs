using EdgeSecurity.Hub.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EdgeSecurity.Hub.Gateways;

public static class GatewaysExtensions
{
    public static IHostApplicationBuilder AddHubGateways(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<GatewayStore>();
        return builder;
    }

    public static IEndpointRouteBuilder MapGatewaysApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/gateways").RequireAuthorization();
        group.MapGet("/", ListAsync);
        group.MapGet("/{id}/devices", DevicesAsync);
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

    private static bool SeesGatewaysOf(SignedIn me, string community) => me.Person.Role == People.Role.Installer || me.CoversCommunity(community);
}
