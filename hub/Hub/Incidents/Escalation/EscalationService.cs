using EdgeSecurity.Hub.Places;

namespace EdgeSecurity.Hub.Incidents.Escalation;

/// <summary>
/// Escalates every open incident whose deadline has passed by one tier (community → street/town → county), restarting
/// its deadline there; at county a missed deadline is recorded once as overdue. Each change is conditional on the
/// incident as read, so with several hubs on one database each escalation happens exactly once.
/// </summary>
public sealed class EscalationService(IncidentStore store, IncidentFeed feed, DeadlinePolicy deadlines, TimeProvider clock, IConfiguration configuration,
    ILogger<EscalationService> logger) : BackgroundService
{
    public const string CheckIntervalKey = "Hub:Escalation:CheckInterval";
    private const int Batch = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue(CheckIntervalKey, TimeSpan.FromSeconds(1));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await EscalateOverdueAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Could not check incident deadlines; trying again in {Interval}", interval);
            }
            try
            {
                await Task.Delay(interval, clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async Task EscalateOverdueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        foreach (var incident in await store.OverdueAsync(now, Batch, ct).ConfigureAwait(false))
        {
            var missed = $"deadline for {ApiNames.Of(incident.State)} missed (due {incident.DeadlineAt:O})";
            var (changed, action) = incident.Tier < EscalationTier.County
                ? (incident with { Tier = incident.Tier + 1, DeadlineAt = deadlines.DeadlineFor(incident.Level, incident.State, now), UpdatedAt = now }, "escalated")
                : (incident with { DeadlineAt = null, UpdatedAt = now }, "overdue");
            if (!await store.TryChangeAsync(incident, changed, IncidentStore.SystemActor, action, missed, ct).ConfigureAwait(false))
                continue;
            logger.LogWarning("Incident {Id} ({Type}) {Action} to {Tier}: {Missed}", incident.Id, incident.Type, action, ApiNames.Of(changed.Tier), missed);
            feed.Publish(IncidentFeed.Updated, changed);
        }
    }
}
