using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Incidents.Escalation;
using EdgeSecurity.Hub.Site;

namespace EdgeSecurity.Hub.Incidents;

/// <summary>
/// Turns an accepted edge event into an incident or a repeat of an open one: stored first, announced on the live
/// stream only once durable. An event from a place or gateway the site does not know is stored quarantined (kept,
/// visible to admins, no deadline) rather than dropped.
/// </summary>
public sealed class IncidentRecorder(IncidentStore store, IncidentFeed feed, SiteDirectory site, DeadlinePolicy deadlines, TimeProvider clock)
{
    /// <summary>Returns false for a redelivered event, which is already stored.</summary>
    public async Task<bool> RecordAsync(EdgeEvent e, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var quarantine = QuarantineReason(e.Place.Community, e.GatewayId, site.Current);
        // A test (walk test, test alarm) is shown to the control room but escalates to nobody.
        var deadline = quarantine is null && !e.IsTest ? deadlines.DeadlineFor(e.Level, IncidentState.Reported, now) : null;
        var (outcome, incident) = await store.RecordAsync(e, now, quarantine, deadline, ct).ConfigureAwait(false);
        if (outcome == RecordOutcome.Duplicate)
            return false;
        feed.Publish(outcome == RecordOutcome.Created ? IncidentFeed.Created : IncidentFeed.Updated, incident!);
        return true;
    }

    /// <summary>Why an incident from this community and gateway cannot be routed to anyone, or null when it can.</summary>
    public static string? QuarantineReason(string community, string gatewayId, Site.Site site)
    {
        if (!site.IsCommunity(community))
            return "unknown_community";
        if (!site.GatewayCommunities.TryGetValue(gatewayId, out var registered))
            return "unknown_gateway";
        return registered == community ? null : "gateway_of_another_community";
    }
}
