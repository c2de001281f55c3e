using Microsoft.AspNetCore.Http.HttpResults;

namespace EdgeSecurity.Hub.Incidents;

public static class IncidentsExtensions
{
    public static IHostApplicationBuilder AddHubIncidents(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IncidentStore>();
        builder.Services.AddSingleton<IncidentFeed>();
        builder.Services.AddSingleton<IncidentRecorder>();
        return builder;
    }

    public static IEndpointRouteBuilder MapIncidentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/incidents");
        group.MapGet("/", ListAsync);
        group.MapGet("/{id:guid}", FindAsync);
        group.MapGet("/stream", Stream);
        return app;
    }

    private static async Task<Results<Ok<IncidentPage>, ValidationProblem>> ListAsync(
        [AsParameters] IncidentQueryParameters parameters, IncidentStore store, CancellationToken ct)
    {
        var (query, errors) = IncidentQuery.Parse(parameters);
        if (query is null)
            return TypedResults.ValidationProblem(errors, detail: "The incident search has invalid parameters.");
        return TypedResults.Ok(await store.QueryAsync(query, ct).ConfigureAwait(false));
    }

    private static async Task<Results<Ok<Incident>, NotFound>> FindAsync(Guid id, IncidentStore store, CancellationToken ct) =>
        await store.FindAsync(id, ct).ConfigureAwait(false) is { } incident ? TypedResults.Ok(incident) : TypedResults.NotFound();

    private static ServerSentEventsResult<Incident?> Stream(IncidentFeed feed, CancellationToken ct) =>
        TypedResults.ServerSentEvents<Incident?>(feed.SubscribeAsync(ct));
}
