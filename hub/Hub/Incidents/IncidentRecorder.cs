using EdgeSecurity.Contract;

namespace EdgeSecurity.Hub.Incidents;

/// <summary>Turns an accepted edge event into an incident: stored first, announced on the live stream only once durable.</summary>
public sealed class IncidentRecorder(IncidentStore store, IncidentFeed feed, TimeProvider clock)
{
    /// <summary>Returns false for a redelivered event, which already has its incident.</summary>
    public async Task<bool> RecordAsync(EdgeEvent e, CancellationToken ct)
    {
        var incident = Incident.FromEvent(e, clock.GetUtcNow());
        if (!await store.TryAddAsync(incident, ct).ConfigureAwait(false))
            return false;
        feed.Publish(IncidentFeed.Created, incident);
        return true;
    }
}
