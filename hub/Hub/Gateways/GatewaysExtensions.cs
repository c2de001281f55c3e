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
        var group = app.MapGroup("/api/gateways");
        group.MapGet("/", ListAsync);
        group.MapGet("/{id}/devices", DevicesAsync);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<Gateway>>> ListAsync(GatewayStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.ListAsync(ct).ConfigureAwait(false));

    private static async Task<Results<Ok<IReadOnlyList<Device>>, NotFound>> DevicesAsync(string id, GatewayStore store, CancellationToken ct) =>
        await store.DevicesAsync(id, ct).ConfigureAwait(false) is { } devices ? TypedResults.Ok(devices) : TypedResults.NotFound();
}
