using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Tests.Infrastructure;
using EdgeSecurity.Upstream.Governance;

namespace EdgeSecurity.Hub.Tests.Forwarding;

/// <summary>
/// Incidents forwarded to reference receivers run as real processes, and the centre's status callbacks coming back:
/// what is sent, once, in order, through an outage, into the dead letters and out again, and which callbacks move an
/// incident.
/// </summary>
public abstract class ForwardingTests(ForwardingFixture fixture)
{
    private static readonly string[] PlaceLevels = ["city", "county", "street", "community", "grid", "gridCode"];
    private static readonly string[] Refusals = ["missing_signature", "unknown_key", "bad_signature", "stale_timestamp", "malformed_body", "unknown_incident"];

    private readonly DemoClients _people = fixture.People;

    [Fact]
    public async Task An_incident_escalated_by_hand_reaches_the_centre_once_and_each_later_change_follows_as_the_next_revision()
    {
        var quiet = await ReportAsync(EventTypes.DoorHeldOpen);
        var id = await ReportAsync(EventTypes.DoorForcedOpen);
        await ExpectAsync("wangmin", id, "acknowledge");
        await ExpectAsync("wangmin", id, "escalate", "需要街道协调 needs the street platform");
        await ExpectAsync("street-liu", id, "dispatch", assignee: "grid-zhao");

        var records = await DeliveredAsync(fixture.County, id, 2);
        Assert.Equal([$"{id}:1", $"{id}:2"], records.Select(r => r.GetProperty("idempotencyKey").GetString()));
        Assert.All(records, r => Assert.Equal(0, r.GetProperty("duplicates").GetInt64()));
        var first = records[0].GetProperty("event").GetProperty("data");
        Assert.Equal("acknowledged", first.GetProperty("state").GetString());
        Assert.Equal("security.door_forced_open", first.GetProperty("type").GetString());
        Assert.Equal("门被强行打开", first.GetProperty("typeName").GetProperty("zh").GetString());
        var place = first.GetProperty("place");
        Assert.Equal(["杭州市", "西湖区", "文新街道", "阳光花园社区", "阳光花园第一网格", "3301060070010001"],
            PlaceLevels.Select(p => place.GetProperty(p).GetString()));
        var history = first.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(["system", "wangmin", "wangmin"], history.Select(h => h.GetProperty("by").GetString()));
        Assert.Equal(["reported", "acknowledged", "acknowledged"], history.Select(h => h.GetProperty("state").GetString()));
        Assert.Contains("escalated to street: 需要街道协调", first.GetProperty("history")[2].GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("+08:00", first.GetProperty("updatedAt").GetString(), StringComparison.Ordinal);
        Assert.Equal("dispatched", records[1].GetProperty("event").GetProperty("data").GetProperty("state").GetString());

        // The centre has the record before the hub has read its answer and marked the row delivered.
        var outbox = await Poll.UntilAsync(() => OutboxOfAsync(id), o => o.All(e => (string?)e!["status"] != "pending"), "the hub to record both deliveries");
        Assert.All(outbox, e => Assert.Equal("delivered", (string?)e!["status"]));
        Assert.Equal(["county", "county"], outbox.Select(e => (string)e!["upstream"]!));
        Assert.Empty(await OutboxOfAsync(quiet));
        Assert.Empty(await fixture.RecordsOfAsync(fixture.County, quiet));
    }

    [Fact]
    public async Task A_fire_nobody_acknowledges_reaches_the_centre_when_its_deadline_escalates_it_and_again_at_the_county()
    {
        var id = await ReportAsync(EventTypes.ConfirmedFire);

        var records = await DeliveredAsync(fixture.County, id, 2);
        var first = records[0].GetProperty("event").GetProperty("data");
        Assert.Equal(3, first.GetProperty("level").GetInt32());
        var escalation = first.GetProperty("history").EnumerateArray().Last();
        Assert.Equal("system", escalation.GetProperty("by").GetString());
        Assert.StartsWith("升级至街镇 escalated to street: deadline for reported missed", escalation.GetProperty("note").GetString(), StringComparison.Ordinal);
        var second = records[1].GetProperty("event").GetProperty("data").GetProperty("history").EnumerateArray().Last();
        Assert.StartsWith("升级至县 escalated to county", second.GetProperty("note").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_status_callback_moves_the_incident_as_the_governance_centre_and_a_replay_of_it_changes_nothing()
    {
        var id = await EscalatedIncidentAsync();
        await DeliveredAsync(fixture.County, id, 1);

        var answer = await PostStatusViaReceiverAsync(id, "dispatched", "callback-" + Guid.NewGuid());
        Assert.Equal(200, answer.GetProperty("hubStatus").GetInt32());
        Assert.Equal("""{"applied":true}""", answer.GetProperty("hubAnswer").GetString());

        var (_, detail) = await _people.GetAsync("admin", $"/api/incidents/{id}");
        Assert.Equal("dispatched", (string?)detail!["incident"]!["state"]);
        var centreSteps = detail["timeline"]!.AsArray().Where(t => (string?)t!["actor"] == "governance-centre").ToList();
        Assert.Equal(["acknowledge", "dispatch"], centreSteps.Select(t => (string)t!["action"]!));
        Assert.Contains("ZZ-2026-0042", (string?)centreSteps[1]!["note"], StringComparison.Ordinal);
        Assert.Contains("已派网格员", (string?)centreSteps[1]!["note"], StringComparison.Ordinal);

        var replay = await PostStatusViaReceiverAsync(id, "dispatched", answer.GetProperty("callbackId").GetString()!);
        Assert.Equal("""{"applied":false,"reason":"replayed"}""", replay.GetProperty("hubAnswer").GetString());
        var (_, again) = await _people.GetAsync("admin", $"/api/incidents/{id}");
        Assert.Equal(detail["timeline"]!.AsArray().Count, again!["timeline"]!.AsArray().Count);

        // The centre learns its own step back as the next revisions, so its copy keeps the whole history.
        var records = await DeliveredAsync(fixture.County, id, 3);
        Assert.Equal("dispatched", records[^1].GetProperty("event").GetProperty("data").GetProperty("state").GetString());

        var closed = await PostStatusViaReceiverAsync(id, "closed", "callback-" + Guid.NewGuid());
        Assert.Equal(200, closed.GetProperty("hubStatus").GetInt32());
        var (_, done) = await _people.GetAsync("admin", $"/api/incidents/{id}");
        Assert.Equal("closed", (string?)done!["incident"]!["state"]);
        Assert.Equal(["acknowledge", "dispatch", "resolve", "review", "close"],
            done["timeline"]!.AsArray().Where(t => (string?)t!["actor"] == "governance-centre").Select(t => (string)t!["action"]!));
    }

    [Fact]
    public async Task Forged_stale_unknown_and_malformed_callbacks_are_refused_with_their_reason_and_counted_and_move_nothing()
    {
        var id = await EscalatedIncidentAsync();
        var before = await RefusedCountsAsync();
        var now = DateTimeOffset.UtcNow;
        var body = StatusUpdateFormat.ToCloudEvent(new StatusUpdate(Guid.NewGuid().ToString(), id.ToString(), CentreStatus.Closed, now, "forged", null), "urn:test");

        Assert.Equal((401, "missing_signature"), await PostCallbackAsync(body, null, null, null));
        Assert.Equal((401, "unknown_key"), await PostCallbackAsync(body, "centre-unknown", now, ForwardingFixture.CentreSecret));
        Assert.Equal((401, "bad_signature"), await PostCallbackAsync(body, ForwardingFixture.CentreKeyId, now, [.. Enumerable.Repeat((byte)7, 32)]));
        Assert.Equal((401, "stale_timestamp"), await PostCallbackAsync(body, ForwardingFixture.CentreKeyId, now.AddMinutes(-10), ForwardingFixture.CentreSecret));
        Assert.Equal((400, "malformed_body"), await PostCallbackAsync("{\"specversion\":\"1.0\"}"u8.ToArray(), ForwardingFixture.CentreKeyId, now, ForwardingFixture.CentreSecret));
        var unknown = StatusUpdateFormat.ToCloudEvent(new StatusUpdate(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), CentreStatus.Accepted, now, null, null), "urn:test");
        Assert.Equal((404, "unknown_incident"), await PostCallbackAsync(unknown, ForwardingFixture.CentreKeyId, now, ForwardingFixture.CentreSecret));
        var notSent = await ReportAsync(EventTypes.DoorHeldOpen);
        var aboutNotSent = StatusUpdateFormat.ToCloudEvent(new StatusUpdate(Guid.NewGuid().ToString(), notSent.ToString(), CentreStatus.Closed, now, null, null), "urn:test");
        Assert.Equal((404, "unknown_incident"), await PostCallbackAsync(aboutNotSent, ForwardingFixture.CentreKeyId, now, ForwardingFixture.CentreSecret));

        var after = await RefusedCountsAsync();
        foreach (var reason in Refusals)
            Assert.Equal(before.GetValueOrDefault(reason) + (reason == "unknown_incident" ? 2 : 1), after.GetValueOrDefault(reason));
        var (_, detail) = await _people.GetAsync("admin", $"/api/incidents/{id}");
        Assert.Equal("reported", (string?)detail!["incident"]!["state"]);
        Assert.DoesNotContain(detail["timeline"]!.AsArray(), t => (string?)t!["actor"] == "governance-centre");
        var (_, untouched) = await _people.GetAsync("admin", $"/api/incidents/{notSent}");
        Assert.Equal("reported", (string?)untouched!["incident"]!["state"]);
    }

    [Fact]
    public async Task Records_wait_while_the_centre_is_down_and_arrive_once_each_in_order_when_it_is_back()
    {
        Guid id = default;
        await fixture.RestartCountyAsync(async () =>
        {
            id = await EscalatedIncidentAsync();
            await ExpectAsync("street-liu", id, "acknowledge");
            await Poll.UntilAsync(() => OutboxOfAsync(id), o => o.Count == 2 && (int)o[0]!["attempts"]! >= 2, "failed attempts while the centre is down");
            var waiting = await OutboxOfAsync(id);
            Assert.All(waiting, e => Assert.Equal("pending", (string?)e!["status"]));
            Assert.Contains("could not reach", (string?)waiting[0]!["lastError"], StringComparison.Ordinal);
            Assert.Equal(0, (int)waiting[1]!["attempts"]!);
        });

        var records = await DeliveredAsync(fixture.County, id, 2);
        Assert.Equal([1L, 2L], records.Select(r => r.GetProperty("revision").GetInt64()));
        Assert.All(records, r => Assert.Equal(0, r.GetProperty("duplicates").GetInt64()));
    }

    [Fact]
    public async Task A_record_the_centre_refuses_for_good_becomes_a_dead_letter_and_the_retry_action_delivers_it()
    {
        var id = await ReportAsync(EventTypes.LowBattery);
        var dead = await Poll.UntilAsync(DeadLettersAsync, d => d.Any(e => (string?)e!["incidentId"] == id.ToString()), "the refused record in the dead letters");
        var letter = dead.Single(e => (string?)e!["incidentId"] == id.ToString())!;
        Assert.Equal("refuser", (string?)letter["upstream"]);
        Assert.Equal(401, (int)letter["lastStatus"]!);
        Assert.Contains("is not known here", (string?)letter["lastError"], StringComparison.Ordinal);
        Assert.Equal(1, (int)letter["attempts"]!);
        Assert.Empty(await fixture.RecordsOfAsync(fixture.County, id));

        var operatorClient = await _people.AsAsync("wangmin");
        using (var forbidden = await operatorClient.PostAsync(new Uri($"/api/upstream/dead-letters/refuser/{id}/1/retry", UriKind.Relative), null))
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        using (var missing = await fixture.Hub.Http.PostAsync(new Uri($"/api/upstream/dead-letters/refuser/{id}/2/retry", UriKind.Relative), null))
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        await fixture.RestartRefuserWithHubKeyAsync();
        using (var retry = await fixture.Hub.Http.PostAsync(new Uri($"/api/upstream/dead-letters/refuser/{id}/1/retry", UriKind.Relative), null))
            Assert.Equal(HttpStatusCode.OK, retry.StatusCode);

        var records = await DeliveredAsync(fixture.Refuser, id, 1);
        Assert.Equal($"{id}:1", records[0].GetProperty("idempotencyKey").GetString());
        Assert.DoesNotContain(await DeadLettersAsync(), e => (string?)e!["incidentId"] == id.ToString());
    }

    private async Task<Guid> EscalatedIncidentAsync()
    {
        var id = await ReportAsync(EventTypes.DoorForcedOpen);
        await ExpectAsync("wangmin", id, "escalate", "需要街道协调");
        return id;
    }

    /// <summary>Publishes an event of the demo gateway from a device of its own and returns its incident.</summary>
    private async Task<Guid> ReportAsync(EventType type)
    {
        var e = SampleEvents.Create(DemoSite.Community, type) with
        {
            GatewayId = DemoSite.Gateway,
            DeviceId = $"dev-{Guid.NewGuid():N}"[..16],
            Place = new Place(DemoSite.Community, DemoSite.Grid, "3", "2", "1"),
            IsTest = false,
        };
        await fixture.Edge.PublishAsync(e);
        var logged = await Poll.UntilAsync(
            () => _people.GetAsync("admin", $"/api/events?community={DemoSite.Community}&pageSize=500"),
            r => r.Body!["items"]!.AsArray().Any(i => (string?)i!["eventId"] == e.EventId.ToString()),
            $"event {e.EventId} to be stored");
        return Guid.Parse((string)logged.Body!["items"]!.AsArray().Last(i => (string?)i!["eventId"] == e.EventId.ToString())!["incidentId"]!);
    }

    private async Task ExpectAsync(string login, Guid id, string action, string? note = null, string? assignee = null)
    {
        var (status, body) = await _people.ActAsync(login, id, action, note, assignee);
        Assert.True(status == HttpStatusCode.OK, $"{login} {action}: {(int)status} {body}");
    }

    private async Task<IReadOnlyList<JsonElement>> DeliveredAsync(ReceiverProcess receiver, Guid id, int count) =>
        await Poll.UntilAsync(() => fixture.RecordsOfAsync(receiver, id), r => r.Count >= count, $"{count} records of {id} at the receiver");

    private async Task<JsonArray> OutboxOfAsync(Guid id) => await fixture.Hub.GetArrayAsync($"/api/upstream/incidents/{id}");

    private Task<JsonArray> DeadLettersAsync() => fixture.Hub.GetArrayAsync("/api/upstream/dead-letters");

    private async Task<Dictionary<string, long>> RefusedCountsAsync()
    {
        var overview = await fixture.Hub.GetObjectAsync("/api/upstream");
        return overview["stats"]!["callbacksRefused"]!.AsObject().ToDictionary(p => p.Key, p => (long)p.Value!);
    }

    private async Task<JsonElement> PostStatusViaReceiverAsync(Guid id, string status, string callbackId)
    {
        using var response = await fixture.Http.PostAsJsonAsync(new Uri(fixture.County.BaseUri, "api/status"),
            new { incidentId = id.ToString(), status, note = "已派网格员 grid worker sent", centreReference = "ZZ-2026-0042", callbackId });
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<(int Status, string Error)> PostCallbackAsync(byte[] body, string? keyId, DateTimeOffset? at, byte[]? secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, fixture.StatusUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(CloudEvent.MediaType);
        if (keyId is not null && at is { } time && secret is not null)
        {
            var seconds = time.ToUnixTimeSeconds();
            request.Headers.Add(RequestSignature.KeyIdHeader, keyId);
            request.Headers.Add(RequestSignature.TimestampHeader, seconds.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add(RequestSignature.SignatureHeader, RequestSignature.Compute(secret, seconds, body));
        }
        using var response = await fixture.Http.SendAsync(request);
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return ((int)response.StatusCode, answer.GetProperty("error").GetString()!);
    }
}

public sealed class ForwardingTestsOnSqlite(ForwardingFixture fixture) : ForwardingTests(fixture), IClassFixture<ForwardingFixture>;

public sealed class ForwardingTestsOnPostgres(PostgresForwardingFixture fixture) : ForwardingTests(fixture), IClassFixture<PostgresForwardingFixture>;
