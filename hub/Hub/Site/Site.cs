using System.Collections.Frozen;
using EdgeSecurity.Hub.People;
using EdgeSecurity.Hub.Places;

namespace EdgeSecurity.Hub.Site;

/// <summary>
/// The places, registered gateways and people the hub knows, as one immutable snapshot: a request or an incident is
/// judged against one consistent picture even while an import replaces it.
/// </summary>
public sealed class Site
{
    public static readonly Site Empty = new([], [], []);

    private readonly FrozenDictionary<string, SitePlace> _places;
    private readonly FrozenDictionary<string, Person> _people;
    private readonly FrozenDictionary<string, string> _gatewayCommunities;

    public Site(IEnumerable<SitePlace> places, IEnumerable<KeyValuePair<string, string>> gatewayCommunities, IEnumerable<Person> people)
    {
        _places = places.ToFrozenDictionary(p => p.Id, StringComparer.Ordinal);
        _gatewayCommunities = gatewayCommunities.ToFrozenDictionary(StringComparer.Ordinal);
        _people = people.ToFrozenDictionary(p => p.Login, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<SitePlace> Places => _places.Values;

    public IReadOnlyCollection<Person> People => _people.Values;

    public IReadOnlyDictionary<string, string> GatewayCommunities => _gatewayCommunities;

    public SitePlace? Place(string id) => _places.GetValueOrDefault(id);

    public Person? Person(string login) => _people.GetValueOrDefault(login);

    public bool IsCommunity(string id) => Place(id)?.Level == PlaceLevel.Community;

    /// <summary>The place and every place above it, innermost first; empty for an unknown id.</summary>
    public IReadOnlyList<SitePlace> Ancestry(string id)
    {
        var chain = new List<SitePlace>();
        for (var place = Place(id); place is not null && chain.Count <= _places.Count; place = place.ParentId is null ? null : Place(place.ParentId))
            chain.Add(place);
        return chain;
    }

    /// <summary>The nearest place at <paramref name="level"/> at or above <paramref name="id"/>.</summary>
    public SitePlace? Above(string id, PlaceLevel level) => Ancestry(id).FirstOrDefault(p => p.Level == level);

    /// <summary>Every community at or below the given places (a grid counts as its community).</summary>
    public IReadOnlySet<string> CommunitiesWithin(IEnumerable<string> placeIds)
    {
        var scopes = placeIds.Select(Place).OfType<SitePlace>().ToList();
        return _places.Values
            .Where(p => p.Level == PlaceLevel.Community && Ancestry(p.Id).Any(a => scopes.Contains(a) || scopes.Any(s => s.Level == PlaceLevel.Grid && s.ParentId == p.Id)))
            .Select(p => p.Id)
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>A grid id as edge events carry it: the grid place of that id under the community, if registered.</summary>
    public SitePlace? Grid(string community, string? grid) =>
        grid is not null && Place(grid) is { Level: PlaceLevel.Grid } place && place.ParentId == community ? place : null;
}
