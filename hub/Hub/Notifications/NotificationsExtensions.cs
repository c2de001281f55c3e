using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EdgeSecurity.Hub.Notifications;

public static class NotificationsExtensions
{
    public const int MaxTargetLength = 512;
    public const int MaxNotificationsListed = 500;

    /// <exception cref="InvalidOperationException">The Hub:Notifications settings are unusable; the message lists every problem.</exception>
    public static IHostApplicationBuilder AddHubNotifications(this IHostApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(NotificationSettings.Section).Get<NotificationSettings>() ?? new NotificationSettings();
        if (settings.Validate() is { Count: > 0 } errors)
            throw new InvalidOperationException(string.Join("; ", errors));
        builder.Services.AddSingleton(settings);
        builder.Services.AddHttpClient(HttpDelivery.ClientName, http => http.Timeout = settings.RequestTimeout);
        builder.Services.AddSingleton<INotificationChannel, WebhookChannel>();
        builder.Services.AddSingleton<INotificationChannel, SmsGatewayChannel>();
        builder.Services.AddSingleton<INotificationChannel, WeComRobotChannel>();
        builder.Services.AddSingleton<INotificationChannel, DingTalkRobotChannel>();
        builder.Services.AddSingleton<NotificationStore>();
        builder.Services.AddHostedService<NotificationDispatcher>();
        return builder;
    }

    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/notifications").RequireAuthorization();
        group.MapGet("/", ListAsync);
        group.MapGet("/subscriptions", SubscriptionsAsync);
        group.MapPost("/subscriptions", SubscribeAsync).AddEndpointFilter<CsrfFilter>();
        group.MapDelete("/subscriptions/{id:long}", UnsubscribeAsync).AddEndpointFilter<CsrfFilter>();
        return app;
    }

    /// <summary>GET /api/notifications?incident=&amp;limit=100: the person's notifications (an admin's: everyone's), newest first, with their delivery status.</summary>
    private static async Task<Results<Ok<IReadOnlyList<NotificationRecord>>, ValidationProblem>> ListAsync(Guid? incident, int? limit, SignedIn me, NotificationStore store, CancellationToken ct)
    {
        if (limit is < 1 or > MaxNotificationsListed)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"'limit' is from 1 to {MaxNotificationsListed}."] });
        return TypedResults.Ok(await store.NotificationsAsync(me.IsAdmin ? null : me.Person.Login, incident, limit ?? 100, ct).ConfigureAwait(false));
    }

    private static async Task<Ok<IReadOnlyList<Subscription>>> SubscriptionsAsync(SignedIn me, NotificationStore store, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<Subscription>>([.. (await store.SubscriptionsAsync(me.IsAdmin ? null : me.Person.Login, ct).ConfigureAwait(false)).Select(s => s.Subscription)]);

    /// <summary>
    /// POST {"channel": "webhook|sms|we_com|ding_talk", "target", "secret", "types", "minLevel", "places", "login"}: 201 with the
    /// subscription; 400 with every problem. Anyone may subscribe themselves by SMS (to their own phone from the site file), WeCom or
    /// DingTalk robot; webhooks (any URL) and subscriptions for someone else are for admins.
    /// </summary>
    private static async Task<Results<Created<Subscription>, ValidationProblem, ProblemHttpResult>> SubscribeAsync(
        SubscriptionRequest? request, SignedIn me, NotificationStore store, TimeProvider clock, CancellationToken ct)
    {
        if (request is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["channel"] = ["Send {\"channel\": ..., \"target\": ...}."] });
        var errors = new Dictionary<string, string[]>();
        var login = request.Login ?? me.Person.Login;
        if (login != me.Person.Login && !me.IsAdmin)
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only admins subscribe other people");
        if (me.Site.Person(login) is null)
            errors["login"] = [$"'{login}' is not a person of the site."];

        ChannelKind channel = default;
        if (request.Channel is null || !ApiNames.TryParse(request.Channel, out channel))
            errors["channel"] = [$"'channel' must be one of {ApiNames.Choices<ChannelKind>()}."];
        else if (channel == ChannelKind.Webhook && !me.IsAdmin)
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only admins add webhooks", detail: "A webhook can point anywhere; ask an admin.");

        var target = request.Target?.Trim();
        if (channel == ChannelKind.Sms && string.IsNullOrEmpty(target))
            target = me.Site.Person(login)?.Phone;
        if (string.IsNullOrEmpty(target) || target.Length > MaxTargetLength)
            errors["target"] = [$"'target' is required (a URL, a phone number, or the robot's key or access token), at most {MaxTargetLength} characters."];
        else if (channel == ChannelKind.Webhook && (!Uri.TryCreate(target, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")))
            errors["target"] = [$"'{target}' is not an http or https URL."];
        else if (channel == ChannelKind.Sms && !me.IsAdmin && target != me.Person.Phone)
            errors["target"] = ["An SMS subscription goes to your own phone number as the site file has it; leave 'target' out."];

        var types = request.Types ?? [];
        foreach (var type in types.Where(t => EventTypes.Find(t) is null && !ApiNames.TryParse<EventFamily>(t, out _)))
            errors["types"] = [$"'{type}' is neither an event type code nor a family ({ApiNames.Choices<EventFamily>()})."];
        var places = request.Places ?? [];
        foreach (var place in places.Where(p => me.Site.Place(p) is null))
            errors["places"] = [$"'{place}' is not a place id of the site."];
        var minLevel = request.MinLevel ?? 1;
        if (minLevel is < 1 or > 3)
            errors["minLevel"] = ["'minLevel' is a warning level: 1, 2 or 3."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, detail: "The subscription has invalid fields.");

        var secret = string.IsNullOrEmpty(request.Secret) ? null : request.Secret;
        var created = await store.AddSubscriptionAsync(login, channel, target!, secret, types, minLevel, places, clock.GetUtcNow(), ct).ConfigureAwait(false);
        return TypedResults.Created($"/api/notifications/subscriptions/{created.Id}", created);
    }

    private static async Task<Results<NoContent, NotFound>> UnsubscribeAsync(long id, SignedIn me, NotificationStore store, CancellationToken ct) =>
        await store.DeleteSubscriptionAsync(id, me.IsAdmin ? null : me.Person.Login, ct).ConfigureAwait(false) ? TypedResults.NoContent() : TypedResults.NotFound();
}
