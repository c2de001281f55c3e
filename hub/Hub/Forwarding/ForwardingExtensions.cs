using EdgeSecurity.Hub.Access;
using EdgeSecurity.Hub.Incidents;
using EdgeSecurity.Upstream.Governance;
using EdgeSecurity.Upstream.Privacy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EdgeSecurity.Hub.Forwarding;

/// <summary>What GET /api/upstream shows an admin: revisions per upstream and status in the outbox, and this hub's counters.</summary>
public sealed record ForwardingOverview(IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Outbox, ForwardingStatsSnapshot Stats);

public static class ForwardingExtensions
{
    public const string StatusPath = "/api/upstream/status";

    // A status callback is a few hundred bytes; anything far larger is not one.
    private const int MaxCallbackBytes = 64 * 1024;

    public static IHostApplicationBuilder AddHubForwarding(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var upstreams = UpstreamSettings.From(builder.Configuration);
        builder.Services.AddSingleton(upstreams);
        builder.Services.AddSingleton<ForwardingStats>();
        builder.Services.AddSingleton<ForwardingOutbox>();
        builder.Services.AddSingleton<IIncidentChangeHook>(sp => sp.GetRequiredService<ForwardingOutbox>());
        builder.Services.AddSingleton<DatabaseSeenIds>();
        builder.Services.AddSingleton<CentreStatusApplier>();
        builder.Services.AddHostedService<ForwardingService>();
        builder.Services.AddSingleton<StructuredObjectStore>();
        builder.Services.AddSingleton<ViidSubscriptionStore>();
        builder.Services.AddSingleton(StructuredObjectRetention.From(builder.Configuration));
        builder.Services.AddHostedService<StructuredObjectRetention>();
        if (ViidSettings.From(builder.Configuration) is { } viid)
        {
            builder.Services.AddSingleton(viid);
            builder.Services.AddSingleton<IUnblurredUploadAudit, AuditedUnblurredUploads>();
            builder.Services.AddSingleton(sp => new UpstreamImagePolicy("viid", viid.ReceivesOriginals, new FfmpegImageBlur(),
                sp.GetRequiredService<IUnblurredUploadAudit>(), sp.GetRequiredService<TimeProvider>()));
            builder.Services.AddSingleton<ViidObjectBuilder>();
            builder.Services.AddSingleton<ViidUplink>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<ViidUplink>());
        }
        return builder;
    }

    public static IEndpointRouteBuilder MapForwardingApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost(StatusPath, ReceiveStatusAsync).AllowAnonymous();
        app.MapViidSubscriptions();
        var admin = app.MapGroup("/api/upstream").RequireAuthorization(AccessExtensions.AdminPolicy);
        admin.MapGet("/", OverviewAsync);
        admin.MapGet("/dead-letters", async (ForwardingOutbox outbox, CancellationToken ct) =>
            TypedResults.Ok(await outbox.DeadLettersAsync(ct).ConfigureAwait(false)));
        admin.MapGet("/incidents/{id:guid}", async (Guid id, ForwardingOutbox outbox, CancellationToken ct) =>
            TypedResults.Ok(await outbox.EntriesAsync(id, ct).ConfigureAwait(false)));
        admin.MapPost("/dead-letters/{upstream}/{id:guid}/{revision:long}/retry", RetryAsync).AddEndpointFilter<CsrfFilter>();
        admin.MapGet("/viid", Results<Ok<ViidStatus>, NotFound> (IServiceProvider services) =>
            services.GetService<ViidUplink>() is { } uplink ? TypedResults.Ok(uplink.Status) : TypedResults.NotFound());
        admin.MapGet("/viid/objects", async (StructuredObjectStore objects, CancellationToken ct) =>
            TypedResults.Ok(await objects.ListAsync(200, ct).ConfigureAwait(false)));
        admin.MapGet("/viid/subscriptions", async (ViidSubscriptionStore subscriptions, CancellationToken ct) =>
            TypedResults.Ok(await subscriptions.ListAsync(ct).ConfigureAwait(false)));
        return app;
    }

    private static async Task<Ok<ForwardingOverview>> OverviewAsync(ForwardingOutbox outbox, ForwardingStats stats, CancellationToken ct) =>
        TypedResults.Ok(new ForwardingOverview(await outbox.CountsAsync(ct).ConfigureAwait(false), stats.Snapshot()));

    /// <summary>POST …/retry: the dead revision is due again at once (200), or 404 when there is no such dead revision.</summary>
    private static async Task<Results<Ok, ProblemHttpResult>> RetryAsync(string upstream, Guid id, long revision, SignedIn me, ForwardingOutbox outbox,
        TimeProvider clock, ILogger<ForwardingOutbox> logger, CancellationToken ct)
    {
        if (!await outbox.RetryAsync(upstream, id, revision, clock.GetUtcNow(), ct).ConfigureAwait(false))
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "没有该死信 / No such dead letter",
                detail: $"{upstream} has no dead revision {id}:{revision}");
        logger.LogWarning("{Login} put record {Id}:{Revision} for {Upstream} back in the queue", me.Person.Login, id, revision, upstream);
        return TypedResults.Ok();
    }

    /// <summary>
    /// The governance centre's status callback, signed with one of its CentreKeys (hub/Upstream/README.md). Forged,
    /// stale and unreadable callbacks are refused with the reason (401/400), a replay is answered but not applied, each
    /// counted; an accepted one moves the incident as the actor governance-centre.
    /// </summary>
    private static async Task<IResult> ReceiveStatusAsync(HttpRequest request, IReadOnlyList<UpstreamSettings> upstreams, DatabaseSeenIds seen, ForwardingOutbox outbox,
        CentreStatusApplier applier, ForwardingStats stats, TimeProvider clock, ILogger<CentreStatusApplier> logger, CancellationToken ct)
    {
        var body = await ReadBodyAsync(request, MaxCallbackBytes, ct).ConfigureAwait(false);
        if (body is null)
            return Refuse(stats, logger, StatusCodes.Status413PayloadTooLarge, "too_large", $"a status callback is at most {MaxCallbackBytes} bytes");
        var keyId = request.Headers[RequestSignature.KeyIdHeader].ToString();
        var upstream = upstreams.FirstOrDefault(u => u.CentreKeys.Any(k => k.Id == keyId));
        var keys = new SigningKeyRing(upstreams.SelectMany(u => u.CentreKeys));
        var window = upstream?.ReplayWindow ?? TimeSpan.FromMinutes(5);
        var verifier = new StatusCallbackVerifier(new SignatureVerifier(keys, window, clock), seen, clock);
        var verdict = verifier.Verify(keyId, request.Headers[RequestSignature.TimestampHeader], request.Headers[RequestSignature.SignatureHeader], body);
        var (status, answer) = verdict.ToResponse();
        switch (verdict.Outcome)
        {
            case CallbackOutcome.Refused:
                stats.Refused(verdict.Refusal!.Code);
                logger.LogWarning("Refused a status callback (key id '{KeyId}'): {Code}: {Message}", keyId, verdict.Refusal.Code, verdict.Refusal.Message);
                return Results.Text(answer, "application/json", statusCode: status);
            case CallbackOutcome.Duplicate:
                stats.Replayed();
                logger.LogWarning("Status callback {CallbackId} from {KeyId} was taken before (a retry or a replay); not applied again", verdict.Update!.CallbackId, keyId);
                return Results.Text(answer, "application/json", statusCode: status);
        }

        var update = verdict.Update!;
        // A centre reports only on incidents sent to it; any other id is unknown to it, whether or not it exists here.
        if (!Guid.TryParse(update.IncidentId, out var incidentId) || !await outbox.HasRecordsAsync(upstream!.Name, incidentId, ct).ConfigureAwait(false))
            return Refuse(stats, logger, StatusCodes.Status404NotFound, "unknown_incident", $"no incident {update.IncidentId} was forwarded to this centre");
        ApplyOutcome outcome;
        try
        {
            outcome = await applier.ApplyAsync(update, upstream.Name, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The centre retries a failed callback: it must then be applied, not called a replay.
            await seen.ForgetAsync($"{keyId}/{update.CallbackId}").ConfigureAwait(false);
            logger.LogError(e, "Could not apply status callback {CallbackId} for incident {IncidentId}", update.CallbackId, update.IncidentId);
            return Results.Json(new { error = "not_applied", message = "the hub could not store the status; send it again" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        if (outcome != ApplyOutcome.Applied)
        {
            var (code, message) = outcome == ApplyOutcome.UnknownIncident
                ? ("unknown_incident", $"no incident {update.IncidentId} at this hub")
                : ("quarantined_incident", $"incident {update.IncidentId} is quarantined: its place is not known here");
            return Refuse(stats, logger, outcome == ApplyOutcome.UnknownIncident ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict, code, message);
        }
        stats.Applied();
        logger.LogInformation("Status callback {CallbackId}: the centre ({Upstream}) reports incident {IncidentId} {Status}",
            update.CallbackId, upstream.Name, update.IncidentId, StatusUpdateFormat.StatusName(update.Status));
        return Results.Text(answer, "application/json", statusCode: status);
    }

    private static IResult Refuse(ForwardingStats stats, ILogger logger, int status, string code, string message)
    {
        stats.Refused(code);
        logger.LogWarning("Refused a status callback: {Code}: {Message}", code, message);
        return Results.Json(new { error = code, message }, statusCode: status);
    }

    /// <summary>The request's body, or null when it is longer than <paramref name="maxBytes"/>.</summary>
    internal static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes)
            return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
                return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
