using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Tests.Infrastructure;

namespace EdgeSecurity.Hub.Tests.IncidentLoop;

/// <summary>Importing places, gateways and people: all of a file or nothing, each problem with its line; quarantine lifted by an import.</summary>
public abstract class SiteImportTests(HubFixture fixture)
{
    [Fact]
    public async Task A_yaml_file_with_bad_rows_imports_nothing_and_names_every_problem_with_its_line()
    {
        var yaml = """
            places:
              - { id: cm-new, parent: st-wenxin, level: community, name: 新社区 }
              - { id: grid-new, parent: nowhere, level: grid, name: 新网格 }
              - { id: bad id, parent: cm-new, level: building, name: 1号楼 }
            people:
              - { login: guard-new, name: 新保安, role: gaurd, scopes: [cm-new] }
              - { login: op-new, name: 新值班员, role: property_operator, scopes: [cm-new], password: short }
            """;
        var (status, report) = await ImportAsync(yaml, "application/yaml");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var errors = report["errors"]!.AsArray().Select(e => (string)e!).ToList();
        Assert.Contains(errors, e => e.Contains(":4:", StringComparison.Ordinal) && e.Contains("'bad id' is not a valid id", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains(":6:", StringComparison.Ordinal) && e.Contains("did you mean 'guard'", StringComparison.Ordinal));
        var (_, places) = await fixture.People.GetAsync("admin", "/api/places");
        Assert.DoesNotContain(places!.AsArray(), p => (string?)p!["id"] == "cm-new");
    }

    [Fact]
    public async Task A_csv_of_people_reports_the_line_of_a_bad_row_and_a_good_one_imports()
    {
        var bad = "login,name,role,scopes,password\nop-csv-1,值班员一,property_operator,cm-demo,EdgeSec-csv-1!\nop-csv-2,值班员二,property_operator,no-such-place,EdgeSec-csv-2!\n";
        var (status, report) = await ImportAsync(bad, "text/csv", "people");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains(":3:", (string)report["errors"]![0]!, StringComparison.Ordinal);
        Assert.Contains("'no-such-place' is not a known place", (string)report["errors"]![0]!, StringComparison.Ordinal);

        var good = "login,name,role,scopes,password\n\"op-csv-1\",\"值班员一, 夜班\",property_operator,cm-demo;grid-01,EdgeSec-csv-1!\n";
        (status, report) = await ImportAsync(good, "text/csv", "people");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, (int)report["people"]!);
        using var signedIn = await DemoSite.SignInAsync(fixture.Hub.BaseAddress, "op-csv-1", "EdgeSec-csv-1!");
        Assert.Equal("值班员一, 夜班", (string?)JsonNode.Parse(await signedIn.GetStringAsync(new Uri("/api/auth/me", UriKind.Relative)))!["name"]);
    }

    [Fact]
    public async Task An_event_from_an_unregistered_gateway_is_quarantined_then_enters_the_loop_once_the_gateway_is_imported()
    {
        var gateway = $"gw-{Guid.NewGuid():N}"[..14];
        var e = SampleEvents.Create(DemoSite.Community, EventTypes.DoorForcedOpen) with { GatewayId = gateway, IsTest = false };
        await fixture.Edge.PublishAsync(e);
        var ids = await fixture.Hub.EventIdsOnceAsync(DemoSite.Community, 1);
        var log = await fixture.People.GetAsync("admin", $"/api/events?community={DemoSite.Community}&pageSize=500");
        var id = (string)log.Body!["items"]!.AsArray().Single(i => (string?)i!["eventId"] == e.EventId.ToString())!["incidentId"]!;
        Assert.NotEmpty(ids);

        var (_, quarantined) = await fixture.People.GetAsync("admin", $"/api/incidents/{id}");
        Assert.Equal("unknown_gateway", (string?)quarantined!["incident"]!["quarantine"]);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.People.GetAsync("wangmin", $"/api/incidents/{id}")).Status);

        var (status, _) = await ImportAsync($"gateways:\n  - {{ id: {gateway}, community: {DemoSite.Community} }}\n", "application/yaml");
        Assert.Equal(HttpStatusCode.OK, status);
        var (seen, released) = await fixture.People.GetAsync("wangmin", $"/api/incidents/{id}");
        Assert.Equal(HttpStatusCode.OK, seen);
        Assert.Null(released!["incident"]!["quarantine"]);
        Assert.NotNull(released["incident"]!["deadlineAt"]);
        Assert.Equal("released", (string?)released["timeline"]!.AsArray().Last()!["action"]);
    }

    [Fact]
    public async Task Wrong_passwords_lock_the_login_and_only_admins_may_import()
    {
        using var http = new HttpClient { BaseAddress = fixture.Hub.BaseAddress };
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await http.PostAsync(new Uri("/api/auth/login", UriKind.Relative),
                new StringContent("""{"login":"installer-zhou","password":"not-the-password"}""", Encoding.UTF8, "application/json"));
            statuses.Add(response.StatusCode);
        }
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 4), (HttpStatusCode)423, (HttpStatusCode)423], statuses);
        await Assert.ThrowsAsync<InvalidOperationException>(() => DemoSite.SignInAsync(fixture.Hub.BaseAddress, "installer-zhou"));

        var operatorClient = await fixture.People.AsAsync("wangmin");
        using var refused = await operatorClient.PostAsync(new Uri("/api/site/import", UriKind.Relative), new StringContent("places: []", Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    private async Task<(HttpStatusCode Status, JsonObject Report)> ImportAsync(string body, string mediaType, string? kind = null)
    {
        var admin = await fixture.People.AsAsync("admin");
        using var response = await admin.PostAsync(new Uri($"/api/site/import{(kind is null ? "" : $"?kind={kind}")}", UriKind.Relative), new StringContent(body, Encoding.UTF8, mediaType));
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }
}

public sealed class SiteImportTestsOnSqlite(HubFixture fixture) : SiteImportTests(fixture), IClassFixture<HubFixture>;

public sealed class SiteImportTestsOnPostgres(PostgresHubFixture fixture) : SiteImportTests(fixture), IClassFixture<PostgresHubFixture>;
