using EdgeSecurity.Upstream.Viid;

namespace EdgeSecurity.Hub.Forwarding;

/// <summary>
/// <c>/VIID/Subscribes</c> as the lower platform serves it to the 视图库 it is registered with: POST creates (a
/// SubscribeListObject, one status per SubscribeID), PUT <c>/VIID/Subscribes/{id}</c> with OperateType 1 and DELETE
/// <c>/VIID/Subscribes?IDList=a,b</c> cancel. Requests must name a 20-digit User-Identify and use the GA/T 1400 media
/// type; every answer is a ResponseStatus(List)Object. Without <c>Hub:Viid</c> the hub has no subscriptions (404).
/// </summary>
public static class ViidSubscriptionApi
{
    private const int MaxBodyBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapViidSubscriptions(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/VIID/Subscribes", CreateAsync).AllowAnonymous();
        app.MapPut("/VIID/Subscribes/{id}", CancelOneAsync).AllowAnonymous();
        app.MapDelete("/VIID/Subscribes", CancelListAsync).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, IServiceProvider services, TimeProvider clock, ILogger<ViidSubscriptionStore> logger, CancellationToken ct)
    {
        if (Refuse(request, services, clock, out var settings) is { } refused)
            return refused;
        var body = await ForwardingExtensions.ReadBodyAsync(request, MaxBodyBytes, ct).ConfigureAwait(false);
        var list = body is null ? null : ViidJson.Unwrap<SubscribeListObject>(body, "SubscribeListObject", out _);
        // A null entry ([null]) would have thrown below (found by fuzzing): it is a malformed list like any other.
        if (list?.SubscribeObject is not { Count: > 0 } subscriptions || subscriptions.Contains(null!))
            return Status(request, settings!, clock, null, 7, "Invalid JSON Format: expected {\"SubscribeListObject\":{\"SubscribeObject\":[…]}}", 400);
        var store = services.GetRequiredService<ViidSubscriptionStore>();
        var now = clock.GetUtcNow();
        var statuses = new List<ResponseStatusObject>();
        foreach (var o in subscriptions)
        {
            if (o.OperateType == 1)
            {
                var known = await store.CancelAsync(o.SubscribeID, now, ct).ConfigureAwait(false);
                statuses.Add(Of(request, settings!, now, o.SubscribeID, known ? 0 : 4, known ? "OK" : "Invalid Operation: no such subscription"));
                continue;
            }
            if (ViidSubscriptionStore.Parse(o, settings!, now, out var problem) is not { } subscription)
            {
                logger.LogWarning("Refused a 视图库 subscription {SubscribeId} from {UserIdentify}: {Problem}", o.SubscribeID, request.Headers["User-Identify"].ToString(), problem);
                statuses.Add(Of(request, settings!, now, o.SubscribeID, 8, $"Invalid JSON Content: {problem}"));
                continue;
            }
            await store.SaveAsync(subscription, o, ct).ConfigureAwait(false);
            logger.LogInformation("视图库 subscription {Subscription} created by {UserIdentify}", ViidSubscriptionStore.Describe(subscription), request.Headers["User-Identify"].ToString());
            statuses.Add(Of(request, settings!, now, o.SubscribeID, 0, "OK"));
        }
        return Answer(ViidResponse.Write(statuses), 200);
    }

    private static async Task<IResult> CancelOneAsync(string id, HttpRequest request, IServiceProvider services, TimeProvider clock, ILogger<ViidSubscriptionStore> logger, CancellationToken ct)
    {
        if (Refuse(request, services, clock, out var settings) is { } refused)
            return refused;
        var body = await ForwardingExtensions.ReadBodyAsync(request, MaxBodyBytes, ct).ConfigureAwait(false);
        var o = body is null ? null : ViidJson.Unwrap<SubscribeObject>(body, "SubscribeObject", out _);
        if (o is null)
            return Status(request, settings!, clock, id, 7, "Invalid JSON Format: expected {\"SubscribeObject\":{…}}", 400);
        if (o.OperateType != 1)
            return Status(request, settings!, clock, id, 4, "Invalid Operation: only OperateType 1 (cancel) changes an existing subscription");
        return await CancelAsync(request, services, settings!, clock, logger, [id], ct).ConfigureAwait(false);
    }

    private static async Task<IResult> CancelListAsync(HttpRequest request, IServiceProvider services, TimeProvider clock, ILogger<ViidSubscriptionStore> logger, CancellationToken ct)
    {
        if (Refuse(request, services, clock, out var settings, needsBody: false) is { } refused)
            return refused;
        var ids = request.Query["IDList"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (ids.Length == 0)
            return Status(request, settings!, clock, null, 4, "Invalid Operation: IDList is required", 400);
        return await CancelAsync(request, services, settings!, clock, logger, ids, ct).ConfigureAwait(false);
    }

    private static async Task<IResult> CancelAsync(HttpRequest request, IServiceProvider services, ViidSettings settings, TimeProvider clock, ILogger logger, IReadOnlyList<string> ids, CancellationToken ct)
    {
        var store = services.GetRequiredService<ViidSubscriptionStore>();
        var now = clock.GetUtcNow();
        var statuses = new List<ResponseStatusObject>();
        foreach (var id in ids)
        {
            var known = await store.CancelAsync(id, now, ct).ConfigureAwait(false);
            if (known)
                logger.LogInformation("视图库 subscription {SubscribeId} cancelled by {UserIdentify}", id, request.Headers["User-Identify"].ToString());
            statuses.Add(Of(request, settings, now, id, known ? 0 : 4, known ? "OK" : "Invalid Operation: no such subscription"));
        }
        return Answer(statuses.Count == 1 ? ViidResponse.Write(statuses[0]) : ViidResponse.Write(statuses), 200);
    }

    /// <summary>An answer when the request cannot be served at all: no 视图库 configured, no User-Identify, wrong media type.</summary>
    private static IResult? Refuse(HttpRequest request, IServiceProvider services, TimeProvider clock, out ViidSettings? settings, bool needsBody = true)
    {
        settings = services.GetService<ViidSettings>();
        if (settings is null)
            return Results.NotFound();
        if (!ViidCodes.IsDeviceCode(request.Headers["User-Identify"].ToString()))
            return Status(request, settings, clock, null, 4, "Unauthorized: User-Identify (20 digits) is required", 401);
        if (needsBody && request.ContentType?.StartsWith(ViidJson.MediaType, StringComparison.OrdinalIgnoreCase) != true)
            return Status(request, settings, clock, null, 7, $"Invalid JSON Format: Content-Type must be {ViidJson.MediaType}", 415);
        return null;
    }

    private static ResponseStatusObject Of(HttpRequest request, ViidSettings settings, DateTimeOffset now, string? id, int code, string text) =>
        new(id, request.Path, code, text, ViidTime.Format(now, settings.Client.LocalOffset));

    private static IResult Status(HttpRequest request, ViidSettings settings, TimeProvider clock, string? id, int code, string text, int httpStatus = 200) =>
        Answer(ViidResponse.Write(Of(request, settings, clock.GetUtcNow(), id, code, text)), httpStatus);

    private static IResult Answer(byte[] body, int status) =>
        Results.Text(System.Text.Encoding.UTF8.GetString(body), ViidJson.MediaType, System.Text.Encoding.UTF8, status);
}
