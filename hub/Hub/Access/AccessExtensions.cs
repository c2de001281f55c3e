using System.Security.Claims;
using System.Threading.RateLimiting;
using EdgeSecurity.Hub.People;
using EdgeSecurity.Hub.Site;
using EdgeSecurity.Hub.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EdgeSecurity.Hub.Access;

public sealed record LoginRequest(string? Login, string? Password);

/// <summary>The signed-in person as the API shows them to themselves; the CSRF token only in the login answer.</summary>
public sealed record SessionInfo(string Login, string Name, Role Role, IReadOnlyList<string> Scopes, string? CsrfToken);

public static class AccessExtensions
{
    public const string CookieName = "es_session";
    public const string LoginRateLimit = "login";
    public const string AdminPolicy = "admin";
    public const string LoginsPerMinuteKey = "Hub:Access:LoginsPerMinute";

    public static IHostApplicationBuilder AddHubAccess(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CredentialStore>();
        builder.Services.AddDataProtection().SetApplicationName("EdgeSecurity.Hub");
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(options => options.XmlRepository = new DatabaseKeyRepository(sp.GetRequiredService<HubDatabase>())));
        builder.Services
            .AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(cookie =>
            {
                cookie.Cookie.Name = CookieName;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
                cookie.SlidingExpiration = true;
                // An API answers 401/403; it never redirects to a login page.
                cookie.Events.OnRedirectToLogin = context => Status(context.Response, StatusCodes.Status401Unauthorized);
                cookie.Events.OnRedirectToAccessDenied = context => Status(context.Response, StatusCodes.Status403Forbidden);
                cookie.Events.OnValidatePrincipal = context =>
                {
                    var login = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
                    var site = context.HttpContext.RequestServices.GetRequiredService<SiteDirectory>().Current;
                    if (login is null || site.Person(login) is not { } person || person.Role.ToString() != context.Principal!.FindFirstValue(ClaimTypes.Role))
                        context.RejectPrincipal();
                    return Task.CompletedTask;
                };
            });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, policy => policy.RequireRole(nameof(Role.Admin)));
        builder.Services.AddAntiforgery(options => options.HeaderName = CsrfFilter.HeaderName);
        var loginsPerMinute = builder.Configuration.GetValue(LoginsPerMinuteKey, 30);
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Per client address: guessing passwords from one address is slowed; a control room signing in at shift change
            // stays well below the default.
            limiter.AddPolicy(LoginRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = loginsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return builder;
    }

    public static WebApplication UseHubAccess(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    public static IEndpointRouteBuilder MapAccessApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth");
        group.MapPost("/login", LoginAsync).RequireRateLimiting(LoginRateLimit);
        group.MapPost("/logout", LogoutAsync).AddEndpointFilter<CsrfFilter>().RequireAuthorization();
        group.MapGet("/me", (SignedIn me) => TypedResults.Ok(Session(me.Person, null))).RequireAuthorization();
        return app;
    }

    private static async Task<Results<Ok<SessionInfo>, ValidationProblem, ProblemHttpResult>> LoginAsync(
        LoginRequest? request, HttpContext context, CredentialStore credentials, SiteDirectory directory, IAntiforgery antiforgery, CancellationToken ct)
    {
        if (request?.Login is not { Length: > 0 } login || request.Password is not { Length: > 0 } password)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["login"] = ["Send {\"login\": ..., \"password\": ...}."] });

        var remote = context.Connection.RemoteIpAddress?.ToString();
        var (outcome, lockedUntil) = await credentials.CheckAsync(login, password, remote, ct).ConfigureAwait(false);
        if (outcome == LoginOutcome.LockedOut)
            return TypedResults.Problem(statusCode: StatusCodes.Status423Locked, title: "账号已锁定 / Account locked",
                detail: $"Too many wrong passwords; try again after {lockedUntil:O} or ask an admin.");
        if (outcome != LoginOutcome.SignedIn || directory.Current.Person(login) is not { } person)
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "用户名或密码错误 / Wrong login or password");

        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, person.Login), new Claim(ClaimTypes.Name, person.Name), new Claim(ClaimTypes.Role, person.Role.ToString())],
            CookieAuthenticationDefaults.AuthenticationScheme));
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal).ConfigureAwait(false);
        // The token is bound to the identity, so it is made for the person just signed in.
        context.User = principal;
        var tokens = antiforgery.GetAndStoreTokens(context);
        return TypedResults.Ok(Session(person, tokens.RequestToken));
    }

    private static async Task<NoContent> LogoutAsync(HttpContext context, SignedIn me)
    {
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
        await context.RequestServices.GetRequiredService<CredentialStore>()
            .AuditAsync(me.Person.Login, context.Connection.RemoteIpAddress?.ToString(), "logout", "signed_out", null, CancellationToken.None).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static SessionInfo Session(Person person, string? csrfToken) => new(person.Login, person.Name, person.Role, person.Scopes, csrfToken);

    private static Task Status(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }
}
