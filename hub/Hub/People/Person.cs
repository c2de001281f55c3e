namespace EdgeSecurity.Hub.People;

/// <summary>
/// Someone who signs in to the hub. <paramref name="Scopes"/> are place ids: the person works on what lies at or below
/// them. Phone numbers are personal data: they are returned only to admins and never logged.
/// </summary>
public sealed record Person(string Login, string Name, Role Role, string? Phone, IReadOnlyList<string> Scopes);
