using EdgeSecurity.Hub.Access;
using EdgeSecurity.Hub.Incidents;
using EdgeSecurity.Hub.People;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.FileProviders;

namespace EdgeSecurity.Hub.Dashboard;

/// <summary>
/// The actions the signed-in person may take on an incident now (their role's actions that its state allows), and which
/// of them need a note saying why.
/// </summary>
public sealed record AvailableActions(Guid IncidentId, IReadOnlyList<IncidentAction> Actions, IReadOnlyList<IncidentAction> NeedNote);

/// <summary>Someone an incident can be dispatched to, without personal data (no phone).</summary>
public sealed record Assignee(string Login, string Name, Role Role);

public static class DashboardExtensions
{
    // The UI is embedded in the hub's assembly (LogicalName "wwwroot.<file>" in the csproj): one dll to deploy, the same
    // files in tests, `dotnet run` and a published hub, whatever the content root.
    private const string ResourcePrefix = "wwwroot";

    public static IHostApplicationBuilder AddHubDashboard(this IHostApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, DashboardJsonContext.Default));
        builder.Services.AddOpenApi();
        return builder;
    }

    public static WebApplication UseHubDashboard(this WebApplication app)
    {
        var files = new EmbeddedFileProvider(typeof(DashboardExtensions).Assembly, ResourcePrefix);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                // A new hub version brings new UI files; the browser revalidates instead of running yesterday's script.
                headers.CacheControl = "no-cache";
                // Scripts, styles and sounds come from the hub only; evidence images may come from the evidence store.
                headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data: https: http:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";
                headers.XContentTypeOptions = "nosniff";
            },
        });
        return app;
    }

    public static IEndpointRouteBuilder MapDashboardApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi();
        var group = app.MapGroup("/api/incidents").RequireAuthorization();
        group.MapGet("/{id:guid}/actions", ActionsAsync);
        group.MapGet("/{id:guid}/assignees", AssigneesAsync);
        app.MapTelemetryChartsApi();
        app.MapSiteLayoutApi();
        return app;
    }

    /// <summary>GET /api/incidents/{id}/actions: what the UI offers as buttons; 404 when the incident is not visible.</summary>
    private static async Task<Results<Ok<AvailableActions>, NotFound>> ActionsAsync(Guid id, SignedIn me, IncidentStore store, CancellationToken ct)
    {
        if (await store.FindAsync(id, ct).ConfigureAwait(false) is not { } incident || !IncidentVisibility.For(me.Person, me.Site).CanSee(incident))
            return TypedResults.NotFound();
        var actions = Enum.GetValues<IncidentAction>()
            .Where(a => IncidentTransitions.IsAllowed(me.Person.Role, a) && IncidentTransitions.Next(incident.State, a).To is not null && incident.Quarantine is null)
            .Where(a => a != IncidentAction.Escalate || incident.Tier != Places.EscalationTier.County)
            .ToList();
        return TypedResults.Ok(new AvailableActions(id, actions, [.. actions.Where(IncidentWorkflow.NeedNote.Contains)]));
    }

    /// <summary>GET /api/incidents/{id}/assignees: the people a dispatch of this incident may name, those working in its community.</summary>
    private static async Task<Results<Ok<IReadOnlyList<Assignee>>, NotFound>> AssigneesAsync(Guid id, SignedIn me, IncidentStore store, CancellationToken ct)
    {
        if (await store.FindAsync(id, ct).ConfigureAwait(false) is not { } incident || !IncidentVisibility.For(me.Person, me.Site).CanSee(incident))
            return TypedResults.NotFound();
        IReadOnlyList<Assignee> people = [.. me.Site.People
            .Where(p => IncidentWorkflow.Dispatchable.Contains(p.Role) && me.Site.CommunitiesWithin(p.Scopes).Contains(incident.Community))
            .OrderBy(p => p.Role).ThenBy(p => p.Login, StringComparer.Ordinal)
            .Select(p => new Assignee(p.Login, p.Name, p.Role))];
        return TypedResults.Ok(people);
    }
}
