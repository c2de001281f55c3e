using EdgeSecurity.Hub.Incidents;

namespace EdgeSecurity.Hub.Notifications;

/// <summary>
/// Whether a subscription wants an incident: its person may see it (police never get another jurisdiction's alerts,
/// whatever their subscription says), it is not a test, and it is of a listed type or family, at or above the level, at or below a listed place.
/// </summary>
public static class SubscriptionMatcher
{
    public static bool Wants(Subscription subscription, Incident incident, Site.Site site)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(site);
        // Tests (walk tests, test alarms during commissioning) page nobody.
        if (incident.IsTest)
            return false;
        if (site.Person(subscription.Login) is not { } person || !IncidentVisibility.For(person, site).CanSee(incident))
            return false;
        if ((int)incident.Level < subscription.MinLevel)
            return false;
        if (subscription.Types.Count > 0 && !subscription.Types.Any(t => t == incident.Type || t == ApiNames.Of(incident.Family)))
            return false;
        return subscription.Places.Count == 0 || subscription.Places.Any(p => IsWithin(incident, p, site));
    }

    private static bool IsWithin(Incident incident, string placeId, Site.Site site) =>
        site.Ancestry(incident.Community).Any(a => a.Id == placeId) || site.Grid(incident.Community, incident.Place.Grid)?.Id == placeId;
}
