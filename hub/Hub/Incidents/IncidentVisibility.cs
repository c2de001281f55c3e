using EdgeSecurity.Contract;
using EdgeSecurity.Hub.People;
using EdgeSecurity.Hub.Places;

namespace EdgeSecurity.Hub.Incidents;

/// <summary>
/// Which incidents one person may see, as a predicate (for the live stream) and as the same rule in SQL (for searches):
/// property operators and guards everything in their places; police the security incidents there; grid workers what is
/// dispatched to them and care alerts; street/town and county operators what has been escalated to their tier; admins
/// everything, quarantined incidents included; installers nothing.
/// </summary>
public sealed class IncidentVisibility
{
    private readonly Role _role;
    private readonly string _login;
    private readonly HashSet<string> _communities;
    private readonly HashSet<(string Community, string Grid)> _grids;

    private IncidentVisibility(Role role, string login, HashSet<string> communities, HashSet<(string, string)> grids)
    {
        _role = role;
        _login = login;
        _communities = communities;
        _grids = grids;
    }

    public static IncidentVisibility For(Person person, Site.Site site)
    {
        var scopes = person.Scopes.Select(site.Place).OfType<SitePlace>().ToList();
        var communities = site.CommunitiesWithin(scopes.Where(s => s.Level != PlaceLevel.Grid).Select(s => s.Id)).ToHashSet(StringComparer.Ordinal);
        var grids = scopes.Where(s => s.Level == PlaceLevel.Grid).Select(s => (s.ParentId!, s.Id)).ToHashSet();
        return new IncidentVisibility(person.Role, person.Login, communities, grids);
    }

    public bool CanSee(Incident incident)
    {
        if (_role == Role.Admin)
            return true;
        if (incident.Quarantine is not null || !InScope(incident))
            return false;
        return _role switch
        {
            Role.PropertyOperator or Role.Guard => true,
            Role.CommunityPolice => incident.Family == EventFamily.Security,
            Role.GridWorker => incident.Assignee == _login || incident.Family == EventFamily.Care,
            Role.StreetOperator => incident.Tier >= EscalationTier.Street,
            Role.CountyOperator => incident.Tier >= EscalationTier.County,
            _ => false,
        };
    }

    /// <summary>The same rule as <see cref="CanSee"/> over the incidents table; every value is a parameter.</summary>
    public (string Condition, IReadOnlyList<(string Name, object Value)> Values) ToSql()
    {
        if (_role == Role.Admin)
            return ("1 = 1", []);
        var values = new List<(string, object)>();
        var places = new List<string>();
        foreach (var community in _communities)
        {
            places.Add($"community = @vc{values.Count}");
            values.Add(($"@vc{values.Count}", community));
        }
        foreach (var (community, grid) in _grids)
        {
            places.Add($"(community = @vc{values.Count} AND place_grid = @vg{values.Count})");
            values.Add(($"@vc{values.Count}", community));
            values.Add(($"@vg{values.Count - 1}", grid));
        }
        if (places.Count == 0)
            return ("1 = 0", []);
        var role = _role switch
        {
            Role.PropertyOperator or Role.Guard => "1 = 1",
            Role.CommunityPolice => "type LIKE 'security.%'",
            Role.GridWorker => "(assignee = @vlogin OR type LIKE 'care.%')",
            Role.StreetOperator => $"tier >= {(int)EscalationTier.Street}",
            Role.CountyOperator => $"tier >= {(int)EscalationTier.County}",
            _ => "1 = 0",
        };
        if (_role == Role.GridWorker)
            values.Add(("@vlogin", _login));
        return ($"quarantine IS NULL AND ({string.Join(" OR ", places)}) AND {role}", values);
    }

    private bool InScope(Incident incident) =>
        _communities.Contains(incident.Community) || (incident.Place.Grid is { } grid && _grids.Contains((incident.Community, grid)));
}
