using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Access;
using EdgeSecurity.Hub.Gateways;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EdgeSecurity.Hub.SitePlans;

public sealed record MarkersRequest(IReadOnlyList<PlanMarker>? Markers);

public sealed record PlanMarkers(string Community, IReadOnlyList<PlanMarker> Markers);

/// <summary>
/// A community's uploaded site plan and its markers. Admins upload and place (CSRF, audited in access_audit); everyone who
/// sees the community's gateways (its people, installers, admins) reads them; others get 404 as for an unknown place.
/// </summary>
public static class SitePlansApi
{
    public const int MaxMarkers = 2000;

    public static IHostApplicationBuilder AddHubSitePlans(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SitePlanStore>();
        return builder;
    }

    public static IEndpointRouteBuilder MapSitePlansApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/places/{id}/plan").RequireAuthorization();
        group.MapGet("/", GetPlanAsync)
            .Produces<byte[]>(StatusCodes.Status200OK, "image/png", "image/jpeg").Produces(StatusCodes.Status404NotFound);
        // No Accepts metadata: routing would then refuse other content types itself, before the hub can say why.
        group.MapPut("/", PutPlanAsync).AddEndpointFilter<CsrfFilter>().RequireAuthorization(AccessExtensions.AdminPolicy)
            .WithDescription("The plan as the request body: a PNG or JPEG of at most 5 MB, judged by its bytes; SVG is refused.");
        group.MapGet("/markers", GetMarkersAsync);
        group.MapPut("/markers", PutMarkersAsync).AddEndpointFilter<CsrfFilter>().RequireAuthorization(AccessExtensions.AdminPolicy);
        return app;
    }

    /// <summary>The picture as uploaded, with its own type; nosniff and a CSP that forbids everything, so it is only ever an image.</summary>
    private static async Task<IResult> GetPlanAsync(string id, SignedIn me, HttpContext context, SitePlanStore store, CancellationToken ct)
    {
        if (!GatewaysExtensions.SeesCommunity(me, id) || await store.PlanAsync(id, ct).ConfigureAwait(false) is not ({ } info, { } image))
            return TypedResults.NotFound();
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'";
        headers.CacheControl = "no-cache";
        headers.ETag = $"\"{info.Sha256}\"";
        return TypedResults.File(image, info.ContentType);
    }

    /// <summary>
    /// PUT with the PNG or JPEG as the body: 200 with the plan's facts; 413 above 5 MB; 415 for SVG or anything that is not
    /// a whole PNG or JPEG; 400 for unusable dimensions; 404 for a place that is not a community.
    /// </summary>
    private static async Task<Results<Ok<SitePlanInfo>, JsonHttpResult<SitePlanError>>> PutPlanAsync(
        string id, SignedIn me, HttpContext context, SitePlanStore store, CredentialStore audit, TimeProvider clock, CancellationToken ct)
    {
        if (!GatewaysExtensions.SeesCommunity(me, id))
            return Error(StatusCodes.Status404NotFound, "unknown_community", $"没有该小区 No community {id} in the site.");
        var request = context.Request;
        byte[]? body = request.ContentLength > PlanImages.MaxBytes ? null : await ReadCappedAsync(request.Body, PlanImages.MaxBytes, ct).ConfigureAwait(false);
        var (image, refusal) = body is null ? (null, new SitePlanError("too_large", $"平面图不能超过 {PlanImages.MaxBytes / 1024 / 1024} MB。 A plan is at most {PlanImages.MaxBytes / 1024 / 1024} MB."))
            : PlanImages.Read(body, request.ContentType);
        if (refusal is not null)
        {
            await audit.AuditAsync(me.Person.Login, Remote(context), "site_plan_upload", refusal.Error, id, ct).ConfigureAwait(false);
            var status = refusal.Error switch
            {
                "too_large" => StatusCodes.Status413PayloadTooLarge,
                "invalid_dimensions" => StatusCodes.Status400BadRequest,
                _ => StatusCodes.Status415UnsupportedMediaType,
            };
            return Error(status, refusal.Error, refusal.Message);
        }
        var info = await store.SavePlanAsync(id, image!, me.Person.Login, clock.GetUtcNow(), ct).ConfigureAwait(false);
        await audit.AuditAsync(me.Person.Login, Remote(context), "site_plan_upload", "uploaded", $"{id} {info.ContentType} {info.Width}x{info.Height} {info.Sha256}", ct).ConfigureAwait(false);
        return TypedResults.Ok(info);
    }

    private static async Task<Results<Ok<PlanMarkers>, NotFound>> GetMarkersAsync(string id, SignedIn me, SitePlanStore store, CancellationToken ct) =>
        GatewaysExtensions.SeesCommunity(me, id) ? TypedResults.Ok(new PlanMarkers(id, await store.MarkersAsync(id, ct).ConfigureAwait(false))) : TypedResults.NotFound();

    /// <summary>PUT {"markers": [...]}: replaces every marker of the plan; 400 listing every bad marker; 409 before a plan is uploaded.</summary>
    private static async Task<Results<Ok<PlanMarkers>, JsonHttpResult<SitePlanError>>> PutMarkersAsync(
        string id, MarkersRequest? request, SignedIn me, HttpContext context, SitePlanStore store, CredentialStore audit, CancellationToken ct)
    {
        if (!GatewaysExtensions.SeesCommunity(me, id))
            return Error(StatusCodes.Status404NotFound, "unknown_community", $"没有该小区 No community {id} in the site.");
        var problems = Problems(id, request?.Markers, me.Site);
        if (problems.Count > 0)
            return Error(StatusCodes.Status400BadRequest, "invalid_markers", $"标记无效 Invalid markers: {string.Join("; ", problems)}");
        var markers = request!.Markers!;
        if (!await store.SaveMarkersAsync(id, markers, ct).ConfigureAwait(false))
            return Error(StatusCodes.Status409Conflict, "no_plan", "请先上传平面图 Upload the plan first: markers are placed on it.");
        await audit.AuditAsync(me.Person.Login, Remote(context), "site_plan_markers", "saved", $"{id} {markers.Count} markers", ct).ConfigureAwait(false);
        return TypedResults.Ok(new PlanMarkers(id, await store.MarkersAsync(id, ct).ConfigureAwait(false)));
    }

    private static List<string> Problems(string community, IReadOnlyList<PlanMarker>? markers, Site.Site site)
    {
        if (markers is null)
            return ["send {\"markers\": [{\"gatewayId\", \"deviceId\", \"x\", \"y\"} or {\"building\", \"x\", \"y\"}, ...]}"];
        if (markers.Count > MaxMarkers)
            return [$"at most {MaxMarkers} markers"];
        var problems = new List<string>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < markers.Count; i++)
        {
            var m = markers[i];
            if (m is null)
            {
                problems.Add($"markers[{i}]: null");
                continue;
            }
            if (m.Building is not null)
            {
                if (m.GatewayId is not null || m.DeviceId is not null)
                    problems.Add($"markers[{i}]: a building marker names no gateway or device");
                if (m.Building.Length is 0 or > 64 || m.Building.Any(char.IsControl))
                    problems.Add($"markers[{i}].building: 1-64 printable characters");
            }
            else if (!Identifiers.IsValid(m.GatewayId) || !Identifiers.IsValid(m.DeviceId))
                problems.Add($"markers[{i}]: gatewayId and deviceId ({Identifiers.Rule}), or building");
            else if (site.GatewayCommunities.GetValueOrDefault(m.GatewayId!) != community)
                problems.Add($"markers[{i}].gatewayId: {m.GatewayId} is not a gateway of {community}");
            if (!(m.X is >= 0 and <= 1) || !(m.Y is >= 0 and <= 1))
                problems.Add($"markers[{i}]: x and y are fractions from 0 to 1");
            if (!keys.Add(SitePlanStore.KeyOf(m)))
                problems.Add($"markers[{i}]: placed twice");
        }
        return problems;
    }

    /// <summary>Null when the body is longer than <paramref name="max"/>: nothing beyond it is buffered.</summary>
    private static async Task<byte[]?> ReadCappedAsync(Stream body, int max, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > max)
                return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static JsonHttpResult<SitePlanError> Error(int status, string error, string message) =>
        TypedResults.Json(new SitePlanError(error, message), statusCode: status);

    private static string? Remote(HttpContext context) => context.Connection.RemoteIpAddress?.ToString();
}
