using EdgeSecurity.Hub.Access;
using EdgeSecurity.Hub.Site;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EdgeSecurity.Hub.Privacy;

public static class PrivacyExtensions
{
    /// <summary>Call right after AddHubStorage: the key check must run after the schema migration and before the site import.</summary>
    public static IHostApplicationBuilder AddHubPrivacy(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(PrivacySettings.From(builder));
        builder.Services.AddSingleton<PersonalDataCipher>();
        builder.Services.AddSingleton<PersonalDataStore>();
        builder.Services.AddHostedService<PrivacyKeyCheck>();
        return builder;
    }

    public static IEndpointRouteBuilder MapPrivacyApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/privacy/people/{id}/export", ExportAsync).RequireAuthorization(AccessExtensions.AdminPolicy);
        app.MapDelete("/api/privacy/people/{id}", EraseAsync).AddEndpointFilter<CsrfFilter>().RequireAuthorization(AccessExtensions.AdminPolicy);
        return app;
    }

    /// <summary>GET /api/privacy/people/{login}/export: everything held about the person, as JSON; audited as <c>privacy_export</c>.</summary>
    private static async Task<Results<Ok<PersonalDataExport>, NotFound>> ExportAsync(string id, SignedIn me, HttpContext context, PersonalDataStore store,
        CredentialStore audit, TimeProvider clock, CancellationToken ct)
    {
        var export = await store.ExportAsync(id, clock.GetUtcNow(), ct).ConfigureAwait(false);
        await audit.AuditAsync(me.Person.Login, context.Connection.RemoteIpAddress?.ToString(), "privacy_export", export is null ? "not_found" : "exported", id, ct)
            .ConfigureAwait(false);
        return export is null ? TypedResults.NotFound() : TypedResults.Ok(export);
    }

    /// <summary>
    /// DELETE /api/privacy/people/{login}: erases the person's personal data (204) and ends their sessions (the site is
    /// reloaded without them); 404 for no such person; 409 for one's own account. Audited as <c>privacy_erase</c>.
    /// </summary>
    private static async Task<Results<NoContent, NotFound, Conflict<string>>> EraseAsync(string id, SignedIn me, HttpContext context, PersonalDataStore store,
        SiteDirectory directory, CredentialStore audit, TimeProvider clock, CancellationToken ct)
    {
        if (id == me.Person.Login)
            return TypedResults.Conflict("不能删除自己的账号 an admin cannot erase their own account");
        var erased = await store.EraseAsync(id, me.Person.Login, clock.GetUtcNow(), ct).ConfigureAwait(false);
        await audit.AuditAsync(me.Person.Login, context.Connection.RemoteIpAddress?.ToString(), "privacy_erase", erased ? "erased" : "not_found", id, ct)
            .ConfigureAwait(false);
        if (!erased)
            return TypedResults.NotFound();
        await directory.ReloadAsync(ct).ConfigureAwait(false);
        return TypedResults.NoContent();
    }
}
