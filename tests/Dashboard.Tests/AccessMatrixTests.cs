using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using EdgeSecurity.Contract;
using EdgeSecurity.Dashboard.Tests.Infrastructure;

namespace EdgeSecurity.Dashboard.Tests;

/// <summary>A security incident of 阳光花园 (cm-demo, 文新街道), and every demo person signed in once.</summary>
public sealed class AccessMatrixFixture : IAsyncLifetime
{
    private readonly Dictionary<string, HttpClient> _people = [];

    public DashboardHub Hub { get; private set; } = null!;

    public string IncidentId { get; private set; } = null!;

    public HttpClient As(string login) => _people[login];

    public async Task InitializeAsync()
    {
        Hub = await DashboardHub.StartAsync();
        foreach (var login in AccessMatrixTests.Logins)
            _people[login] = login == AccessMatrixTests.Anonymous ? new HttpClient { BaseAddress = Hub.BaseAddress } : await DemoSite.SignInAsync(Hub.BaseAddress, login);
        var e = await Hub.PublishAsync(DemoSite.Community, DemoSite.Gateway, EventTypes.DoorForcedOpen, "door-matrix");
        IncidentId = (string)(await DashboardHub.IncidentOfAsync(As("admin"), e))["id"]!;
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _people.Values)
            client.Dispose();
        await Hub.DisposeAsync();
    }
}

/// <summary>Every role against every resource the dashboard uses: what is allowed (2xx), forbidden (403), hidden (404) or needs a sign-in (401).</summary>
public sealed class AccessMatrixTests(AccessMatrixFixture fixture) : IClassFixture<AccessMatrixFixture>
{
    public const string Anonymous = "anonymous";

    public static readonly string[] Logins = ["admin", "wangmin", "guard-li", "grid-zhao", "police-chen", "police-wu", "street-liu", "county-sun", "installer-zhou", Anonymous];

    // One row per resource, one expected status per login in the order of Logins. The incident is a forced door in
    // cm-demo at the community tier: property staff and the police of 文新街道 see it; the grid worker (not dispatched,
    // not care), police of 翠苑街道, the street and county (not escalated) and the installer get 404, as for a
    // non-existent incident.
    private static readonly (string Resource, int[] Expected)[] Matrix =
    [
        ("GET /api/auth/me", [200, 200, 200, 200, 200, 200, 200, 200, 200, 401]),
        ("GET /api/incidents", [200, 200, 200, 200, 200, 200, 200, 200, 200, 401]),
        ("GET /api/incidents/{incident}", [200, 200, 200, 404, 200, 404, 404, 404, 404, 401]),
        ("GET /api/incidents/{incident}/actions", [200, 200, 200, 404, 200, 404, 404, 404, 404, 401]),
        ("GET /api/incidents/{incident}/assignees", [200, 200, 200, 404, 200, 404, 404, 404, 404, 401]),
        ("POST /api/incidents/{incident}/actions note", [200, 200, 200, 404, 200, 404, 404, 404, 404, 401]),
        ("GET /api/events?community=cm-demo", [200, 200, 200, 200, 200, 200, 200, 200, 200, 401]),
        ("GET /api/places", [200, 200, 200, 200, 200, 200, 200, 200, 200, 401]),
        ("GET /api/people", [200, 403, 403, 403, 403, 403, 403, 403, 403, 401]),
        ("POST /api/site/import", [415, 403, 403, 403, 403, 403, 403, 403, 403, 401]),
        ("GET /api/privacy/people/guard-li/export", [200, 403, 403, 403, 403, 403, 403, 403, 403, 401]),
        // A login nobody has: the admin's erasure answers 404 and erases nobody the other rows need.
        ("DELETE /api/privacy/people/nobody-in-the-matrix", [404, 403, 403, 403, 403, 403, 403, 403, 403, 401]),
        ("GET /api/gateways", [200, 200, 200, 200, 200, 200, 200, 200, 200, 401]),
        ("GET /api/notifications", [200, 200, 200, 200, 200, 200, 200, 200, 200, 401]),
        ("GET /api/notifications/subscriptions", [200, 200, 200, 200, 200, 200, 200, 200, 200, 401]),
        ("POST /api/notifications/subscriptions webhook", [201, 403, 403, 403, 403, 403, 403, 403, 403, 401]),
        ("POST /api/notifications/subscriptions wecom", [201, 201, 201, 201, 201, 201, 201, 201, 201, 401]),
        // Charts of a cm-demo gateway: its community's people and the installer; others get 404 as for an unknown gateway.
        // The matrix hub has no influxd, so a permitted chart answers 503 with the reason.
        ("GET /api/telemetry?gateway=gw-demo-01", [503, 503, 503, 503, 503, 404, 503, 503, 503, 401]),
        ("GET /api/telemetry?gateway=gw-demo-01'%20OR%20'1'='1", [400, 400, 400, 400, 400, 400, 400, 400, 400, 401]),
        ("GET /api/site/layout?community=cm-demo", [200, 200, 200, 200, 200, 404, 200, 200, 200, 401]),
        // The site view's live states and an uploaded plan: as the layout. No plan is uploaded on this hub, so the admin's
        // valid markers answer 409, and a body that is no picture is refused (415) after the role check.
        ("GET /api/devices/states?community=cm-demo", [200, 200, 200, 200, 200, 404, 200, 200, 200, 401]),
        ("GET /api/places/cm-demo/plan/markers", [200, 200, 200, 200, 200, 404, 200, 200, 200, 401]),
        ("PUT /api/places/cm-demo/plan garbage", [415, 403, 403, 403, 403, 403, 403, 403, 403, 401]),
        ("PUT /api/places/cm-demo/plan/markers markers", [409, 403, 403, 403, 403, 403, 403, 403, 403, 401]),
        ("GET /openapi/v1.json", [200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("GET /", [200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ];

    public static TheoryData<string, string, int> Cases()
    {
        var cases = new TheoryData<string, string, int>();
        foreach (var (resource, expected) in Matrix)
        {
            for (var i = 0; i < Logins.Length; i++)
                cases.Add(Logins[i], resource, expected[i]);
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_role_gets_exactly_what_it_may(string login, string resource, int expected)
    {
        using var request = Request(resource.Replace("{incident}", fixture.IncidentId, StringComparison.Ordinal));
        using var response = await fixture.As(login).SendAsync(request);
        Assert.True(expected == (int)response.StatusCode, $"{login} {resource}: expected {expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public void The_matrix_covers_every_login_for_every_resource() =>
        Assert.All(Matrix, row => Assert.Equal(Logins.Length, row.Expected.Length));

    [Fact]
    public async Task A_request_without_the_csrf_token_is_refused_even_with_a_valid_session()
    {
        var wangmin = fixture.As("wangmin");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/incidents/{fixture.IncidentId}/actions") { Content = JsonContent.Create(new { action = "note", note = "x" }) };
        // A header on the request wins over the client's default one (the real token).
        request.Headers.Add("X-CSRF-TOKEN", "forged");
        using var response = await wangmin.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("CSRF", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["title"], StringComparison.Ordinal);
    }

    private static HttpRequestMessage Request(string resource)
    {
        var parts = resource.Split(' ');
        var request = new HttpRequestMessage(new HttpMethod(parts[0]), parts[1]);
        var variant = parts.Length > 2 ? parts[2] : null;
        request.Content = variant switch
        {
            "note" => JsonContent.Create(new { action = "note", note = "矩阵测试" }),
            "webhook" => JsonContent.Create(new { channel = "webhook", target = "http://127.0.0.1:9/hook" }),
            "wecom" => JsonContent.Create(new { channel = "we_com", target = "robot-key" }),
            "garbage" => new ByteArrayContent("not a picture"u8.ToArray()),
            "markers" => JsonContent.Create(new { markers = Array.Empty<object>() }),
            _ when parts[1] == "/api/site/import" => new StringContent("not a site file", Encoding.UTF8, "text/plain"),
            _ => null,
        };
        return request;
    }
}
