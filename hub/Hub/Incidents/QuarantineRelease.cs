using EdgeSecurity.Hub.Incidents.Escalation;
using EdgeSecurity.Hub.Site;

namespace EdgeSecurity.Hub.Incidents;

/// <summary>
/// When an import makes a quarantined incident's community and gateway known, the incident enters the loop: its
/// quarantine is lifted, its deadline starts, and it appears on the streams of the people who now may see it.
/// </summary>
public sealed class QuarantineRelease(IncidentStore store, IncidentFeed feed, SiteDirectory site, DeadlinePolicy deadlines, TimeProvider clock) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        site.OnChanged(ReleaseAsync);
        await ReleaseAsync(site.Current, cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task ReleaseAsync(Site.Site current, CancellationToken ct)
    {
        foreach (var incident in await store.QuarantinedAsync(ct).ConfigureAwait(false))
        {
            if (IncidentRecorder.QuarantineReason(incident.Community, incident.GatewayId, current) is not null)
                continue;
            var now = clock.GetUtcNow();
            var deadline = incident.State.IsOpen() && !incident.IsTest ? deadlines.DeadlineFor(incident.Level, incident.State, now) : null;
            if (await store.TryReleaseAsync(incident, now, deadline, ct).ConfigureAwait(false))
                feed.Publish(IncidentFeed.Updated, incident with { Quarantine = null, DeadlineAt = deadline, UpdatedAt = now });
        }
    }
}
