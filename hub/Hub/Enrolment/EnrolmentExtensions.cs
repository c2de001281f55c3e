using System.Threading.RateLimiting;
using EdgeSecurity.Bindings.Mosquitto;
using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Access;
using EdgeSecurity.Hub.Gateways;
using EdgeSecurity.Hub.Ingestion;
using EdgeSecurity.Hub.Site;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;

namespace EdgeSecurity.Hub.Enrolment;

/// <summary>The answer to a refused redemption or code request: a reason code for the CLI, and words for people.</summary>
public sealed record EnrolmentError(string Error, string Message);

public static class EnrolmentExtensions
{
    public const string RedeemRateLimit = "enrolment-redeem";
    private const double MaxValidHours = 24 * 30;

    public static IHostApplicationBuilder AddHubEnrolment(this IHostApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(EnrolmentSettings.Section).Get<EnrolmentSettings>() ?? new EnrolmentSettings();
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(builder.Configuration.GetSection(BrokerFilesSettings.Section).Get<BrokerFilesSettings>() ?? new BrokerFilesSettings());
        builder.Services.AddSingleton<EnrolmentStore>();
        builder.Services.AddSingleton<BrokerAccountFiles>();
        builder.Services.AddHostedService<BrokerAccountsAtStart>();
        builder.Services.AddRateLimiter(limiter => limiter.AddPolicy(RedeemRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = settings.RedemptionsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));
        return builder;
    }

    public static IEndpointRouteBuilder MapEnrolmentApi(this IEndpointRouteBuilder app)
    {
        var codes = app.MapGroup("/api/enrolment/codes").RequireAuthorization(AccessExtensions.AdminPolicy);
        codes.MapPost("/", IssueAsync).AddEndpointFilter<CsrfFilter>();
        codes.MapGet("/", ListAsync);
        codes.MapDelete("/{id}", RevokeAsync).AddEndpointFilter<CsrfFilter>();
        var accounts = app.MapGroup("/api/enrolment/accounts").RequireAuthorization(AccessExtensions.AdminPolicy);
        accounts.MapGet("/", AccountsAsync);
        accounts.MapDelete("/{gatewayId}", RevokeAccountAsync).AddEndpointFilter<CsrfFilter>();
        app.MapPost("/api/enrolment/redeem", RedeemAsync).AllowAnonymous().RequireRateLimiting(RedeemRateLimit).DisableAntiforgery();
        return app;
    }

    /// <summary>POST {"gatewayId", "validHours"}: 201 with the code (shown this once); 400 invalid; 404 gateway not in the site.</summary>
    private static async Task<Results<Created<IssuedEnrolmentCode>, JsonHttpResult<EnrolmentError>>> IssueAsync(
        IssueCodeRequest? request, SignedIn me, HttpContext context, EnrolmentStore store, EnrolmentSettings settings, MqttSettings mqtt,
        CredentialStore audit, CancellationToken ct)
    {
        if (request?.GatewayId is not { Length: > 0 } gatewayId || !Identifiers.IsValid(gatewayId))
            return Error(StatusCodes.Status400BadRequest, "invalid_gateway_id", "请给出网关编号 Send {\"gatewayId\": \"gw-...\"}: 1-64 characters of A-Z a-z 0-9 - _.");
        if (request.ValidHours is { } hours && (double.IsNaN(hours) || hours <= 0 || hours > MaxValidHours))
            return Error(StatusCodes.Status400BadRequest, "invalid_valid_hours", $"有效期无效 validHours must be more than 0 and at most {MaxValidHours}.");
        if (!me.Site.GatewayCommunities.TryGetValue(gatewayId, out var community))
            return Error(StatusCodes.Status404NotFound, "unknown_gateway", $"站点中没有该网关 Gateway {gatewayId} is not in the site: import it first (POST /api/site/import).");
        if (gatewayId == mqtt.Username)
            return Error(StatusCodes.Status400BadRequest, "invalid_gateway_id", $"网关编号与中心账号相同 Gateway id {gatewayId} is the hub's own broker account.");

        var validFor = request.ValidHours is { } h ? TimeSpan.FromHours(h) : settings.CodeLifetime;
        var issued = await store.IssueAsync(gatewayId, community, me.Person.Login, validFor, ct).ConfigureAwait(false);
        await audit.AuditAsync(me.Person.Login, Remote(context), "enrolment_code_issue", "issued", $"{gatewayId} {issued.Id}", ct).ConfigureAwait(false);
        return TypedResults.Created($"/api/enrolment/codes/{issued.Id}", issued);
    }

    private static async Task<Ok<IReadOnlyList<EnrolmentCodeInfo>>> ListAsync(string? gateway, EnrolmentStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.ListAsync(string.IsNullOrEmpty(gateway) ? null : gateway, ct).ConfigureAwait(false));

    /// <summary>DELETE: 200 with the revoked code; 404 no such code; 409 already redeemed.</summary>
    private static async Task<Results<Ok<EnrolmentCodeInfo>, JsonHttpResult<EnrolmentError>>> RevokeAsync(
        string id, SignedIn me, HttpContext context, EnrolmentStore store, CredentialStore audit, CancellationToken ct)
    {
        var code = await store.RevokeAsync(id, me.Person.Login, ct).ConfigureAwait(false);
        if (code is null)
            return Error(StatusCodes.Status404NotFound, "unknown_code", "没有该注册码 No such enrolment code.");
        if (code.Status == EnrolmentCodeStatus.Redeemed)
            return Error(StatusCodes.Status409Conflict, "code_used", "注册码已被使用，无法撤销 The code was already redeemed; issue a new one to enrol the gateway again.");
        await audit.AuditAsync(me.Person.Login, Remote(context), "enrolment_code_revoke", "revoked", $"{code.GatewayId} {code.Id}", ct).ConfigureAwait(false);
        return TypedResults.Ok(code);
    }

    private static async Task<Ok<IReadOnlyList<BrokerAccountInfo>>> AccountsAsync(EnrolmentStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.AccountListAsync(ct).ConfigureAwait(false));

    /// <summary>
    /// DELETE: 200 with the removed account, which the broker refuses from then on (a stolen or retired gateway);
    /// 404 the gateway has no account; 503 the broker could not be told, and the account stays. Enrolling the gateway
    /// again with a new code gives it a new account.
    /// </summary>
    private static async Task<Results<Ok<BrokerAccountInfo>, JsonHttpResult<EnrolmentError>>> RevokeAccountAsync(
        string gatewayId, SignedIn me, HttpContext context, EnrolmentStore store, BrokerAccountFiles files, CredentialStore audit,
        GatewayStore gateways, MqttIngestion mqtt, TimeProvider clock, ILogger<EnrolmentStore> logger, CancellationToken ct)
    {
        BrokerAccountInfo? removed;
        try
        {
            removed = await store.RemoveAccountAsync(gatewayId, files.WriteAsync, ct).ConfigureAwait(false);
        }
        catch (BrokerProvisioningException e)
        {
            logger.LogError("A gateway's broker account was not revoked because the broker could not be provisioned: {Reason}", e.Message);
            return Error(StatusCodes.Status503ServiceUnavailable, "broker_unavailable",
                "消息服务器账号未能撤销，仍然有效 The broker could not be told; the account is still active: try again, or ask the hub's administrator.");
        }
        if (removed is null)
            return Error(StatusCodes.Status404NotFound, "unknown_account", $"该网关没有消息服务器账号 Gateway {gatewayId} has no broker account: it never enrolled, or it was already revoked.");
        await audit.AuditAsync(me.Person.Login, Remote(context), "broker_account_revoke", "revoked", removed.GatewayId, ct).ConfigureAwait(false);
        await MarkOfflineAsync(removed, gateways, mqtt, clock, logger, ct).ConfigureAwait(false);
        return TypedResults.Ok(removed);
    }

    /// <summary>
    /// The broker drops the revoked gateway without publishing its last will (the account that may publish it is gone),
    /// so the hub marks it offline and replaces its retained online status, which would otherwise bring it back "online"
    /// at the hub's next start.
    /// </summary>
    private static async Task MarkOfflineAsync(
        BrokerAccountInfo revoked, GatewayStore gateways, MqttIngestion mqtt, TimeProvider clock, ILogger logger, CancellationToken ct)
    {
        var offline = new GatewayStatus(revoked.GatewayId, GatewayState.Offline, clock.GetUtcNow());
        await gateways.ApplyStatusAsync(revoked.Community, offline, ct).ConfigureAwait(false);
        try
        {
            await mqtt.PublishAsync(Topics.Status(revoked.Community, revoked.GatewayId), ContractWriter.ToJson(offline), ct, retain: true).ConfigureAwait(false);
        }
        catch (MqttException e)
        {
            logger.LogWarning("Gateway {Gateway} was revoked, but its retained status could not be set offline at the broker: {Reason}", revoked.GatewayId, e.Message);
        }
    }

    /// <summary>
    /// POST {"code"} with no session: 200 with the gateway's identity and broker credentials; 400 malformed; 404 unknown
    /// code; 409 used; 410 expired or revoked; 429 too many attempts; 503 the broker could not be provisioned.
    /// </summary>
    private static async Task<Results<Ok<GatewayIdentity>, JsonHttpResult<EnrolmentError>>> RedeemAsync(
        RedeemRequest? request, HttpContext context, EnrolmentStore store, BrokerAccountFiles files, SiteDirectory site,
        EnrolmentSettings settings, MqttSettings mqtt, CredentialStore audit, ILogger<EnrolmentStore> logger, CancellationToken ct)
    {
        if (EnrolmentCodeText.Normalize(request?.Code) is not { } code)
            return Error(StatusCodes.Status400BadRequest, "malformed_code", "注册码格式错误 The code is 16 letters and digits, e.g. ABCD-EFGH-JKMN-PQRS.");

        // Read before the code is spent: a gateway enrolled onto a TLS listener without its CA could not connect.
        string? caCertificate = null;
        if (!string.IsNullOrWhiteSpace(settings.BrokerCaFile))
        {
            try
            {
                caCertificate = await File.ReadAllTextAsync(settings.BrokerCaFile, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogError("An enrolment code was not redeemed because Hub:Enrolment:BrokerCaFile cannot be read: {Reason}", e.Message);
                return Error(StatusCodes.Status503ServiceUnavailable, "broker_unavailable",
                    "中心无法读取消息服务器的 CA 证书，注册码仍可使用 The hub cannot read the broker's CA certificate; the code is still valid: ask the hub's administrator.");
            }
        }

        (RedeemOutcome Outcome, EnrolmentCodeInfo? Code, string? Password) result;
        try
        {
            result = await store.RedeemAsync(code, files.WriteAsync, ct).ConfigureAwait(false);
        }
        catch (BrokerProvisioningException e)
        {
            logger.LogError("An enrolment code was not redeemed because the broker could not be provisioned: {Reason}", e.Message);
            return Error(StatusCodes.Status503ServiceUnavailable, "broker_unavailable",
                "消息服务器账号未能开通，注册码仍可使用 The broker account could not be set up; the code is still valid: try again later or ask the hub's administrator.");
        }

        var subject = result.Code is { } c ? $"{c.GatewayId} {c.Id}" : null;
        await audit.AuditAsync(result.Code is { } known ? $"gateway:{known.GatewayId}" : "anonymous", Remote(context), "enrolment_code_redeem",
            ApiNames.Of(result.Outcome), subject, ct).ConfigureAwait(false);
        return result.Outcome switch
        {
            RedeemOutcome.Redeemed => TypedResults.Ok(Identity(result.Code!, result.Password!, caCertificate, site.Current, settings, mqtt)),
            RedeemOutcome.UnknownCode => Error(StatusCodes.Status404NotFound, "unknown_code", "注册码不存在 No such enrolment code: check it, or ask an admin for a new one."),
            RedeemOutcome.Used => Error(StatusCodes.Status409Conflict, "code_used", "注册码已被使用 The code was already used: ask an admin for a new one."),
            RedeemOutcome.Expired => Error(StatusCodes.Status410Gone, "code_expired", $"注册码已过期 The code expired at {result.Code!.ExpiresAt:O}: ask an admin for a new one."),
            _ => Error(StatusCodes.Status410Gone, "code_revoked", "注册码已被撤销 The code was revoked: ask an admin for a new one."),
        };
    }

    private static GatewayIdentity Identity(EnrolmentCodeInfo code, string password, string? caCertificate, Site.Site site, EnrolmentSettings settings, MqttSettings mqtt)
    {
        var community = site.Place(code.Community);
        var path = site.Ancestry(code.Community).Reverse().Select(p => p.Name).ToList();
        return new GatewayIdentity(code.GatewayId, code.Community, new EnrolmentPlace(code.Community, community?.Name ?? code.Community, path),
            new BrokerCredentials(settings.BrokerHost ?? mqtt.Host, settings.BrokerPort ?? mqtt.Port, code.GatewayId, password, caCertificate));
    }

    private static JsonHttpResult<EnrolmentError> Error(int status, string error, string message) =>
        TypedResults.Json(new EnrolmentError(error, message), statusCode: status);

    private static string? Remote(HttpContext context) => context.Connection.RemoteIpAddress?.ToString();
}
