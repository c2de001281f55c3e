namespace EdgeSecurity.Hub.Places;

/// <summary>
/// One place of the hierarchy. <paramref name="Code"/> is the official code where there is one (the 12-digit
/// administrative division code of a county or street, the grid code), which upstream records carry.
/// </summary>
public sealed record SitePlace(string Id, string? ParentId, PlaceLevel Level, string Name, string? Code);
