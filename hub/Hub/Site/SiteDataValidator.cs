using EdgeSecurity.Configuration;
using EdgeSecurity.Hub.People;
using EdgeSecurity.Hub.Places;

namespace EdgeSecurity.Hub.Site;

/// <summary>
/// Checks an import against itself and against what the hub already knows: ids unique, parents existing and of an
/// outer level, every community reachable by escalation (a street/town and a county above it), gateways attached to
/// communities, people with valid scopes and a usable password.
/// </summary>
public static class SiteDataValidator
{
    public static IReadOnlyList<ConfigError> Validate(SiteData data, Site current, string fileName)
    {
        var errors = new List<ConfigError>();
        void Error(int line, string path, string problem, string expected) => errors.Add(new ConfigError(fileName, line, 1, path, problem, expected));

        var places = current.Places.ToDictionary(p => p.Id, StringComparer.Ordinal);
        foreach (var duplicate in data.Places.GroupBy(p => p.Id).Where(g => g.Count() > 1).SelectMany(g => g.Skip(1)))
            Error(duplicate.Line, "id", $"place '{duplicate.Id}' appears more than once", "each place once");
        foreach (var row in data.Places)
            places[row.Id] = row.ToPlace();

        foreach (var row in data.Places)
        {
            if (row.ParentId is null)
            {
                if (row.Level != PlaceLevel.City)
                    Error(row.Line, "parent", $"{ApiNames.Of(row.Level)} '{row.Id}' has no parent", "the id of the place it lies in (only a city stands alone)");
                continue;
            }
            if (!places.TryGetValue(row.ParentId, out var parent))
                Error(row.Line, "parent", $"'{row.ParentId}' is not a known place", "the id of a place in this file or already imported");
            else if (parent.Level >= row.Level)
                Error(row.Line, "parent", $"a {ApiNames.Of(row.Level)} cannot lie in a {ApiNames.Of(parent.Level)}", $"a parent of a level above {ApiNames.Of(row.Level)}");
        }
        var merged = new Site(places.Values, current.GatewayCommunities, current.People);
        foreach (var row in data.Places.Where(p => p.Level == PlaceLevel.Community))
        {
            var ancestry = merged.Ancestry(row.Id);
            foreach (var tier in new[] { PlaceLevel.Street, PlaceLevel.County }.Where(l => ancestry.All(p => p.Level != l)))
                Error(row.Line, "parent", $"community '{row.Id}' has no {ApiNames.Of(tier)} above it, so its incidents could not be escalated", $"a chain community → street → county");
        }

        foreach (var duplicate in data.Gateways.GroupBy(g => g.Id).Where(g => g.Count() > 1).SelectMany(g => g.Skip(1)))
            Error(duplicate.Line, "id", $"gateway '{duplicate.Id}' appears more than once", "each gateway once");
        foreach (var row in data.Gateways.Where(g => !merged.IsCommunity(g.Community)))
            Error(row.Line, "community", $"'{row.Community}' is not a community place", "the id of a place of level community");

        foreach (var duplicate in data.People.GroupBy(p => p.Login).Where(g => g.Count() > 1).SelectMany(g => g.Skip(1)))
            Error(duplicate.Line, "login", $"login '{duplicate.Login}' appears more than once", "each person once");
        foreach (var row in data.People)
        {
            foreach (var scope in row.Scopes)
            {
                var place = merged.Place(scope);
                if (place is null)
                    Error(row.Line, "scopes", $"'{scope}' is not a known place", "ids of places in this file or already imported");
                else if (place.Level > PlaceLevel.Grid)
                    Error(row.Line, "scopes", $"'{scope}' is a {ApiNames.Of(place.Level)}", "places of grid level or above");
            }
            if (row.Role is not (Role.Admin or Role.Installer) && row.Scopes.Count == 0)
                Error(row.Line, "scopes", $"a {ApiNames.Of(row.Role)} without scopes would see nothing", "at least one place id");
            if (row.Password is not null && row.PasswordHash is not null)
                Error(row.Line, "password", "both password and passwordHash are given", "one of them");
            else if (row.Password is { Length: < PasswordHashing.MinPasswordLength })
                Error(row.Line, "password", "the password is too short", $"at least {PasswordHashing.MinPasswordLength} characters");
            else if (row.PasswordHash is not null && !PasswordHashing.IsAcceptable(row.PasswordHash))
                Error(row.Line, "passwordHash", "not a hash this hub accepts", $"pbkdf2-sha256$<iterations ≥ {PasswordHashing.Iterations}>$<salt>$<key>");
            else if (row.Password is null && row.PasswordHash is null && current.Person(row.Login) is null)
                Error(row.Line, "password", $"'{row.Login}' is new and has no password", "password or passwordHash for a new person");
        }
        return [.. errors.OrderBy(e => e.Line)];
    }
}
