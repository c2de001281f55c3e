using EdgeSecurity.Hub.People;
using EdgeSecurity.Hub.Places;

namespace EdgeSecurity.Hub.Site;

/// <summary>One row of an import as read, with the line it came from so every problem can point at it.</summary>
public sealed record PlaceRow(int Line, string Id, string? ParentId, PlaceLevel Level, string Name, string? Code)
{
    public SitePlace ToPlace() => new(Id, ParentId, Level, Name, Code);
}

public sealed record GatewayRow(int Line, string Id, string Community);

/// <summary>Exactly one of <paramref name="Password"/> and <paramref name="PasswordHash"/> for a new person; neither keeps an existing one's.</summary>
public sealed record PersonRow(int Line, string Login, string Name, Role Role, string? Phone, IReadOnlyList<string> Scopes, string? Password, string? PasswordHash)
{
    public Person ToPerson() => new(Login, Name, Role, Phone, Scopes);
}

/// <summary>What one import file holds: places, gateways and people, each optional.</summary>
public sealed record SiteData(IReadOnlyList<PlaceRow> Places, IReadOnlyList<GatewayRow> Gateways, IReadOnlyList<PersonRow> People)
{
    public static readonly SiteData Empty = new([], [], []);
}
