using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Tests.Infrastructure;

namespace EdgeSecurity.Hub.Tests.IncidentLoop;

/// <summary>The closed loop on the demo site: who may do what to which incident, in which order, and what the timeline keeps.</summary>
public abstract class IncidentLoopTests(HubFixture fixture)
{
    private readonly DemoClients _people = fixture.People;

    [Fact]
    public async Task An_incident_goes_round_the_loop_each_step_by_a_role_allowed_to_take_it_and_the_timeline_keeps_who_and_when()
    {
        var id = await ReportAsync(EventTypes.DoorForcedOpen);

        Assert.Equal(HttpStatusCode.Forbidden, (await _people.ActAsync("guard-li", id, "acknowledge")).Status);
        await ExpectAsync("wangmin", id, "acknowledge", "acknowledged");
        var dispatched = await ExpectAsync("wangmin", id, "dispatch", "dispatched", assignee: "guard-li");
        Assert.Equal("guard-li", (string?)dispatched["assignee"]);
        await ExpectAsync("guard-li", id, "arrive", "on_site");
        await ExpectAsync("guard-li", id, "resolve", "resolved", note: "门已关好，无人员进入");
        await ExpectAsync("wangmin", id, "review", "reviewed");
        var closed = await ExpectAsync("wangmin", id, "close", "closed");
        Assert.Null(closed["deadlineAt"]);

        var (_, detail) = await _people.GetAsync("wangmin", $"/api/incidents/{id}");
        var timeline = detail!["timeline"]!.AsArray();
        Assert.Equal(["reported", "acknowledge", "dispatch", "arrive", "resolve", "review", "close"], timeline.Select(t => (string)t!["action"]!));
        Assert.Equal(["system", "wangmin", "wangmin", "guard-li", "guard-li", "wangmin", "wangmin"], timeline.Select(t => (string)t!["actor"]!));
        Assert.Equal("门已关好，无人员进入", (string?)timeline[4]!["note"]);
        Assert.Equal(timeline.Select(t => (long)t!["sequence"]!).Order(), timeline.Select(t => (long)t!["sequence"]!));
    }

    [Fact]
    public async Task A_step_the_state_does_not_allow_is_refused_with_409_and_the_reason_and_changes_nothing()
    {
        var id = await ReportAsync(EventTypes.DoorForcedOpen);

        var (status, problem) = await _people.ActAsync("wangmin", id, "close");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("cannot close an incident that is reported", (string?)problem["detail"], StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.BadRequest, (await _people.ActAsync("wangmin", id, "false_alarm")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await _people.ActAsync("wangmin", id, "fly")).Status);
        await ExpectAsync("wangmin", id, "acknowledge", "acknowledged");
        Assert.Equal(HttpStatusCode.BadRequest, (await _people.ActAsync("wangmin", id, "dispatch", assignee: "nobody")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await _people.ActAsync("wangmin", id, "dispatch", assignee: "street-liu")).Status);
        var (_, detail) = await _people.GetAsync("wangmin", $"/api/incidents/{id}");
        Assert.Equal("acknowledged", (string?)detail!["incident"]!["state"]);
        Assert.Equal(2, detail["timeline"]!.AsArray().Count);
    }

    [Fact]
    public async Task Repeats_of_a_device_and_type_join_the_open_incident_and_after_it_is_resolved_a_new_one_starts()
    {
        var device = NewDevice();
        var first = await ReportAsync(EventTypes.DoorHeldOpen, device);
        var again = await ReportAsync(EventTypes.DoorHeldOpen, device);
        Assert.Equal(first, again);
        var (_, detail) = await _people.GetAsync("wangmin", $"/api/incidents/{first}");
        Assert.Equal(2, (int)detail!["incident"]!["eventCount"]!);
        Assert.Equal(2, detail["events"]!.AsArray().Count);
        Assert.Equal("repeated", (string?)detail["timeline"]![1]!["action"]);

        await ExpectAsync("wangmin", first, "acknowledge", "acknowledged");
        await ExpectAsync("wangmin", first, "resolve", "resolved");
        var next = await ReportAsync(EventTypes.DoorHeldOpen, device);
        Assert.NotEqual(first, next);

        var (status, problem) = await _people.ActAsync("wangmin", first, "reopen", note: "又被打开");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("newer incident", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task People_see_only_their_part_police_of_another_jurisdiction_and_installers_see_nothing_of_it()
    {
        var door = await ReportAsync(EventTypes.DoorForcedOpen);
        var smoke = await ReportAsync(EventTypes.SmokeAlarm);

        Assert.Equal(HttpStatusCode.OK, (await _people.GetAsync("police-chen", $"/api/incidents/{door}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _people.GetAsync("police-chen", $"/api/incidents/{smoke}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _people.GetAsync("police-wu", $"/api/incidents/{door}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _people.ActAsync("police-wu", door, "acknowledge")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _people.GetAsync("street-liu", $"/api/incidents/{door}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _people.GetAsync("installer-zhou", $"/api/incidents/{door}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _people.GetAsync("grid-zhao", $"/api/incidents/{door}")).Status);

        var (_, wuList) = await _people.GetAsync("police-wu", $"/api/incidents?community={DemoSite.Community}");
        Assert.Equal(0, (long)wuList!["total"]!);
        var (_, chenList) = await _people.GetAsync("police-chen", $"/api/incidents?community={DemoSite.Community}&pageSize=500");
        Assert.Contains(chenList!["items"]!.AsArray(), i => (string?)i!["id"] == door.ToString());
        Assert.DoesNotContain(chenList["items"]!.AsArray(), i => (string?)i!["family"] != "security");

        await ExpectAsync("wangmin", door, "acknowledge", "acknowledged");
        await ExpectAsync("wangmin", door, "dispatch", "dispatched", assignee: "grid-zhao");
        Assert.Equal(HttpStatusCode.OK, (await _people.GetAsync("grid-zhao", $"/api/incidents/{door}")).Status);
    }

    [Fact]
    public async Task An_operator_escalates_by_hand_with_a_reason_and_the_street_platform_then_sees_it()
    {
        var id = await ReportAsync(EventTypes.DoorForcedOpen);
        Assert.Equal(HttpStatusCode.BadRequest, (await _people.ActAsync("wangmin", id, "escalate")).Status);

        var escalated = await ExpectAsync("wangmin", id, "escalate", "reported", note: "多次强行开门，请街道协调");
        Assert.Equal("street", (string?)escalated["tier"]);
        Assert.Equal(HttpStatusCode.OK, (await _people.GetAsync("street-liu", $"/api/incidents/{id}")).Status);
        await ExpectAsync("street-liu", id, "acknowledge", "acknowledged");
    }

    [Fact]
    public async Task Changes_without_the_csrf_token_or_without_signing_in_are_refused()
    {
        var id = await ReportAsync(EventTypes.DoorForcedOpen);
        using var noToken = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = fixture.Hub.BaseAddress };
        using (var login = await noToken.PostAsync(new Uri("/api/auth/login", UriKind.Relative),
            new StringContent($$"""{"login":"wangmin","password":"{{DemoSite.Password}}"}""", System.Text.Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        using (var act = await noToken.PostAsync(new Uri($"/api/incidents/{id}/actions", UriKind.Relative),
            new StringContent("""{"action":"acknowledge"}""", System.Text.Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.BadRequest, act.StatusCode);

        using var anonymous = new HttpClient { BaseAddress = fixture.Hub.BaseAddress };
        using (var list = await anonymous.GetAsync(new Uri("/api/incidents", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        var (_, detail) = await _people.GetAsync("wangmin", $"/api/incidents/{id}");
        Assert.Equal("reported", (string?)detail!["incident"]!["state"]);
    }

    [Fact]
    public async Task A_test_incident_is_shown_but_has_no_deadline_even_once_acknowledged_and_pages_nobody()
    {
        // Every ebike-in-corridor incident concerns this subscription; its webhook goes nowhere, but a notification is queued.
        var admin = await _people.AsAsync("admin");
        using var created = await admin.PostAsJsonAsync(new Uri("/api/notifications/subscriptions", UriKind.Relative),
            new { channel = "webhook", target = "http://127.0.0.1:9/hook", types = new[] { EventTypes.EbikeInCorridor.Code }, minLevel = 1, places = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var subscription = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.ToString();
        try
        {
            var test = await ReportAsync(EventTypes.EbikeInCorridor, isTest: true);
            var real = await ReportAsync(EventTypes.EbikeInCorridor);

            var (_, detail) = await _people.GetAsync("wangmin", $"/api/incidents/{test}");
            Assert.True((bool)detail!["incident"]!["isTest"]!);
            Assert.Null(detail["incident"]!["deadlineAt"]);
            var acknowledged = await ExpectAsync("wangmin", test, "acknowledge", "acknowledged");
            Assert.Null(acknowledged["deadlineAt"]);
            await Poll.UntilAsync(() => _people.GetAsync("admin", $"/api/notifications?incident={real}"), r => r.Body!.AsArray().Count > 0,
                "the real incident's notification to be queued");
            var (_, notified) = await _people.GetAsync("admin", $"/api/notifications?incident={test}");
            Assert.Empty(notified!.AsArray());
        }
        finally
        {
            using var deleted = await admin.DeleteAsync(new Uri($"/api/notifications/subscriptions/{subscription}", UriKind.Relative));
        }
    }

    private static string NewDevice() => $"door-{Guid.NewGuid():N}"[..16];

    /// <summary>Publishes an event of the demo gateway and returns the incident it made or joined.</summary>
    private async Task<Guid> ReportAsync(EventType type, string? device = null, bool isTest = false)
    {
        var e = SampleEvents.Create(DemoSite.Community, type) with
        {
            GatewayId = DemoSite.Gateway,
            DeviceId = device ?? NewDevice(),
            Place = new Place(DemoSite.Community, DemoSite.Grid, "3", "2", "1"),
            IsTest = isTest,
        };
        await fixture.Edge.PublishAsync(e);
        var logged = await Poll.UntilAsync(
            () => _people.GetAsync("admin", $"/api/events?community={DemoSite.Community}&pageSize=500"),
            r => r.Body!["items"]!.AsArray().Any(i => (string?)i!["eventId"] == e.EventId.ToString()),
            $"event {e.EventId} to be stored");
        var entry = logged.Body!["items"]!.AsArray().Last(i => (string?)i!["eventId"] == e.EventId.ToString())!;
        return Guid.Parse((string)entry["incidentId"]!);
    }

    private async Task<JsonObject> ExpectAsync(string login, Guid id, string action, string state, string? note = null, string? assignee = null)
    {
        var (status, body) = await _people.ActAsync(login, id, action, note, assignee);
        Assert.True(status == HttpStatusCode.OK, $"{login} {action}: {(int)status} {body}");
        Assert.Equal(state, (string?)body["state"]);
        return body;
    }
}

public sealed class IncidentLoopTestsOnSqlite(HubFixture fixture) : IncidentLoopTests(fixture), IClassFixture<HubFixture>;

public sealed class IncidentLoopTestsOnPostgres(PostgresHubFixture fixture) : IncidentLoopTests(fixture), IClassFixture<PostgresHubFixture>;
