using EdgeSecurity.Hub.Access;
using EdgeSecurity.Hub.Incidents;
using EdgeSecurity.Hub.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EdgeSecurity.Hub.Evidence;

public static class EvidenceExtensions
{
    public static IHostApplicationBuilder AddHubEvidence(this IHostApplicationBuilder builder)
    {
        var directory = Path.Combine(Path.GetDirectoryName(StorageExtensions.SqlitePath(builder))!, "evidence");
        builder.Services.AddSingleton(new EvidenceFiles(directory));
        builder.Services.AddSingleton<EvidenceIndex>();
        builder.Services.AddSingleton(EvidenceRetention.From(builder.Configuration));
        builder.Services.AddSingleton<EvidenceRetention>();
        builder.Services.AddHostedService(services => services.GetRequiredService<EvidenceRetention>());
        return builder;
    }

    public static IEndpointRouteBuilder MapEvidenceApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/evidence", GetAsync).RequireAuthorization();
        return app;
    }

    /// <summary>
    /// GET /api/evidence?uri=evidence://gw/snapshots/….jpg: the JPEG, to someone who may see an incident that points at
    /// it; 404 otherwise, as for evidence never received, so its existence is not disclosed.
    /// </summary>
    private static async Task<Results<PhysicalFileHttpResult, NotFound>> GetAsync(string? uri, SignedIn me, IncidentStore incidents, EvidenceFiles files, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(uri) || files.Find(uri) is not { } path)
            return TypedResults.NotFound();
        var visibility = IncidentVisibility.For(me.Person, me.Site);
        var referencing = await incidents.ReferencingEvidenceAsync(uri, ct).ConfigureAwait(false);
        return referencing.Any(visibility.CanSee)
            ? TypedResults.PhysicalFile(path, "image/jpeg")
            : TypedResults.NotFound();
    }
}
