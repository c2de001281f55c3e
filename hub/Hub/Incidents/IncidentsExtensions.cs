using EdgeSecurity.Hub.Access;
using EdgeSecurity.Hub.Incidents.Escalation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EdgeSecurity.Hub.Incidents;

public static class IncidentsExtensions
{
    public static IHostApplicationBuilder AddHubIncidents(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(DeadlinePolicy.From(builder.Configuration));
        builder.Services.AddSingleton<IncidentStore>();
        builder.Services.AddSingleton<IncidentFeed>();
        builder.Services.AddSingleton<IncidentRecorder>();
        builder.Services.AddSingleton<IncidentWorkflow>();
        builder.Services.AddHostedService<QuarantineRelease>();
        builder.Services.AddHostedService<EscalationService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapIncidentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/incidents").RequireAuthorization();
        group.MapGet("/", ListAsync);
        group.MapGet("/{id:guid}", FindAsync);
        group.MapGet("/stream", Stream);
        group.MapPost("/{id:guid}/actions", ActAsync).AddEndpointFilter<CsrfFilter>();
        app.MapGet("/api/events", EventLogAsync).RequireAuthorization();
        return app;
    }

    private static async Task<Results<Ok<IncidentPage>, ValidationProblem>> ListAsync(
        [AsParameters] IncidentQueryParameters parameters, SignedIn me, IncidentStore store, CancellationToken ct)
    {
        var (query, errors) = IncidentQuery.Parse(parameters);
        if (query is null)
            return TypedResults.ValidationProblem(errors, detail: "The incident search has invalid parameters.");
        return TypedResults.Ok(await store.QueryAsync(query, IncidentVisibility.For(me.Person, me.Site), ct).ConfigureAwait(false));
    }

    /// <summary>GET /api/events?community=...&amp;page=1&amp;pageSize=500: the events behind the incidents this person may see, oldest first.</summary>
    private static async Task<Results<Ok<EventLogPage>, ValidationProblem>> EventLogAsync(string? community, string? page, string? pageSize, SignedIn me, IncidentStore store, CancellationToken ct)
    {
        var (query, errors) = IncidentQuery.Parse(new IncidentQueryParameters(community, null, null, null, null, null, null, page, pageSize));
        if (community is null)
            errors["community"] = ["'community' is required."];
        if (query is null || community is null)
            return TypedResults.ValidationProblem(errors, detail: "The event log query has invalid parameters.");
        return TypedResults.Ok(await store.EventLogAsync(community, query.Page, query.PageSize, IncidentVisibility.For(me.Person, me.Site), ct).ConfigureAwait(false));
    }

    /// <summary>An incident someone may not see answers 404, as one that does not exist: its existence is not disclosed.</summary>
    private static async Task<Results<Ok<IncidentDetail>, NotFound>> FindAsync(Guid id, SignedIn me, IncidentStore store, CancellationToken ct) =>
        await store.DetailAsync(id, ct).ConfigureAwait(false) is { } detail && IncidentVisibility.For(me.Person, me.Site).CanSee(detail.Incident)
            ? TypedResults.Ok(detail)
            : TypedResults.NotFound();

    private static ServerSentEventsResult<Incident?> Stream(SignedIn me, IncidentFeed feed, CancellationToken ct) =>
        TypedResults.ServerSentEvents<Incident?>(feed.SubscribeAsync(IncidentVisibility.For(me.Person, me.Site).CanSee, ct));

    /// <summary>
    /// POST {"action": "acknowledge" | "dispatch" | ..., "note": "...", "assignee": "login"}: 200 with the incident as it
    /// is now; 400 for a malformed request, 403 when the role may not take the action, 404 when the incident is not
    /// visible, 409 with the reason when the incident's state does not allow it or it changed meanwhile.
    /// </summary>
    private static async Task<Results<Ok<Incident>, ProblemHttpResult>> ActAsync(
        Guid id, IncidentActionRequest? request, SignedIn me, IncidentWorkflow workflow, CancellationToken ct)
    {
        var result = await workflow.ActAsync(me.Person, id, request ?? new IncidentActionRequest(null, null, null), ct).ConfigureAwait(false);
        return result.Outcome switch
        {
            ActionOutcome.Done => TypedResults.Ok(result.Incident!),
            ActionOutcome.Invalid => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid action", detail: result.Reason),
            ActionOutcome.Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed for your role", detail: result.Reason),
            ActionOutcome.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such incident", detail: result.Reason),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not possible now", detail: result.Reason),
        };
    }
}
