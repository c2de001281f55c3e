using System.Security.Claims;
using EdgeSecurity.Hub.People;

namespace EdgeSecurity.Hub.Access;

/// <summary>
/// The person behind a request, bound as an endpoint parameter, with the site snapshot it is judged against. Endpoints
/// that take it require a signed-in user; the cookie is rejected once the person is no longer in the site.
/// </summary>
public sealed record SignedIn(Person Person, Site.Site Site)
{
    public static ValueTask<SignedIn?> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var site = context.RequestServices.GetRequiredService<Site.SiteDirectory>().Current;
        var login = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        return ValueTask.FromResult(login is not null && site.Person(login) is { } person ? new SignedIn(person, site) : null);
    }

    public bool IsAdmin => Person.Role == Role.Admin;

    /// <summary>The communities this person works in; every one for an admin.</summary>
    public bool CoversCommunity(string community) => IsAdmin || Site.CommunitiesWithin(Person.Scopes).Contains(community);
}
