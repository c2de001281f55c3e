using System.Threading.Channels;
using EdgeSecurity.Hub.Incidents;
using EdgeSecurity.Hub.Site;

namespace EdgeSecurity.Hub.Notifications;

/// <summary>
/// Turns open incidents into queued notifications and sends them: a new incident, and an update that makes an open
/// incident concern someone it did not (escalated to their tier, dispatched to them, a repeat raising its level to
/// theirs). Each subscription is notified of an incident once. It listens to the live feed like a screen does, moves
/// each item at once to its own unbounded queue (so it never falls behind the feed and ingestion never waits for it),
/// stores one notification per matching subscription, and sends due ones with retries: the delay doubles from
/// RetryMinDelay to RetryMaxDelay, and after MaxAttempts the notification is failed for good with the last reason.
/// Notifications are in the database before they are sent, so a hub restart resumes them.
/// </summary>
public sealed class NotificationDispatcher(
    IncidentFeed feed,
    IncidentStore incidents,
    NotificationStore store,
    SiteDirectory site,
    IEnumerable<INotificationChannel> channels,
    NotificationSettings settings,
    TimeProvider clock,
    ILogger<NotificationDispatcher> logger) : BackgroundService
{
    private const int BatchSize = 20;
    private static readonly TimeSpan IdleCheck = TimeSpan.FromMinutes(1);

    private readonly Channel<Incident> _incoming = Channel.CreateUnbounded<Incident>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Dictionary<ChannelKind, INotificationChannel> _channels = channels.ToDictionary(c => c.Kind);
    private readonly TimeZoneInfo _zone = settings.Zone();

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ListenAsync(stoppingToken), QueueAsync(stoppingToken), SendAsync(stoppingToken));

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await foreach (var item in feed.SubscribeAsync(_ => true, ct).ConfigureAwait(false))
                {
                    if (item.Data is { Quarantine: null } incident && incident.State.IsOpen())
                        _incoming.Writer.TryWrite(incident);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            // The feed ends every stream when the hub begins to stop, which can come before this service is told to stop.
            if (feed.IsClosed)
                return;
            if (!ct.IsCancellationRequested)
                logger.LogWarning("The notification dispatcher lost its place on the incident feed and subscribed again");
        }
    }

    private async Task QueueAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var incident in _incoming.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                try
                {
                    var current = site.Current;
                    var wanted = (await store.SubscriptionsAsync(null, ct).ConfigureAwait(false))
                        .Select(s => s.Subscription)
                        .Where(s => SubscriptionMatcher.Wants(s, incident, current))
                        .ToList();
                    if (wanted.Count == 0)
                        continue;
                    await store.EnqueueAsync(incident, wanted, clock.GetUtcNow(), ct).ConfigureAwait(false);
                    _wake.Release();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Notifications for incident {Incident} could not be queued", incident.Id);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task SendAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var due = await store.DueAsync(clock.GetUtcNow(), BatchSize, ct).ConfigureAwait(false);
                if (due.Count > 0)
                {
                    await Task.WhenAll(due.Select(d => AttemptAsync(d, ct))).ConfigureAwait(false);
                    continue;
                }
                var next = await store.NextDueAsync(ct).ConfigureAwait(false);
                var wait = next is { } at ? at - clock.GetUtcNow() : IdleCheck;
                if (wait > TimeSpan.Zero)
                    await _wake.WaitAsync(wait < IdleCheck ? wait : IdleCheck, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Sending notifications failed; trying again shortly");
                await Task.Delay(settings.RetryMinDelay, clock, ct).ConfigureAwait(false);
            }
        }
    }

    private async Task AttemptAsync(DueNotification due, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (!await store.TryClaimAsync(due, now + settings.RequestTimeout * 2, ct).ConfigureAwait(false))
            return;
        string? failure;
        if (due.Target is null)
            failure = "the subscription was deleted";
        else if (await incidents.FindAsync(due.IncidentId, ct).ConfigureAwait(false) is not { } incident)
            failure = "the incident no longer exists";
        else if (!_channels.TryGetValue(due.Channel, out var channel))
            failure = $"no {ApiNames.Of(due.Channel)} adapter";
        else
            failure = await channel.SendAsync(NotificationMessage.For(incident, site.Current, _zone), due.Target, ct).ConfigureAwait(false);

        var attempts = due.Attempts + 1;
        now = clock.GetUtcNow();
        if (failure is null)
        {
            await store.RecordAttemptAsync(due.Id, DeliveryStatus.Sent, null, now, null, ct).ConfigureAwait(false);
            return;
        }
        var final = due.Target is null || attempts >= settings.MaxAttempts;
        var delay = TimeSpan.FromTicks(Math.Min(settings.RetryMaxDelay.Ticks, settings.RetryMinDelay.Ticks * (1L << Math.Min(attempts - 1, 20))));
        await store.RecordAttemptAsync(due.Id, final ? DeliveryStatus.Failed : DeliveryStatus.Pending, failure, now, final ? null : now + delay, ct).ConfigureAwait(false);
        logger.LogWarning("Notification {Id} ({Channel}) attempt {Attempt} failed: {Reason}{Outcome}", due.Id, ApiNames.Of(due.Channel), attempts, failure,
            final ? "; given up" : $"; next attempt in {delay}");
    }
}
