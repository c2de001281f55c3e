using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EdgeSecurity.Contract;
using EdgeSecurity.Dashboard.Tests.Infrastructure;

namespace EdgeSecurity.Dashboard.Tests;

/// <summary>A local receiver for every adapter, and a hub sending to it with short retry delays.</summary>
public sealed class NotificationFixture : IAsyncLifetime
{
    public HttpReceiver Receiver { get; private set; } = null!;

    public DashboardHub Hub { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public HttpClient PoliceChen { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Receiver = await HttpReceiver.StartAsync();
        Hub = await DashboardHub.StartAsync(
            $"--Hub:Notifications:WeComUrl={Receiver.BaseAddress}wecom",
            $"--Hub:Notifications:DingTalkUrl={Receiver.BaseAddress}dingtalk",
            $"--Hub:Notifications:Sms:Url={Receiver.BaseAddress}sms",
            "--Hub:Notifications:Sms:Fields:account=demo-account",
            "--Hub:Notifications:RetryMinDelay=00:00:00.2",
            "--Hub:Notifications:RetryMaxDelay=00:00:00.4",
            "--Hub:Notifications:MaxAttempts=3",
            "--Hub:Notifications:RequestTimeout=00:00:01");
        Admin = await DemoSite.SignInAsync(Hub.BaseAddress);
        PoliceChen = await DemoSite.SignInAsync(Hub.BaseAddress, "police-chen");
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        PoliceChen.Dispose();
        await Hub.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

/// <summary>Police alerting through every adapter against a local receiver: formats, signatures, scope, delivery status and retries.</summary>
public sealed class NotificationTests(NotificationFixture fixture) : IClassFixture<NotificationFixture>
{
    private const string DingTalkSecret = "SECdemo0123456789";
    private const string WebhookSecret = "webhook-secret";

    private static readonly string[] SecurityOnly = ["security"];
    private static readonly string[] UnknownType = ["security.flying"];
    private static readonly string[] UnknownPlace = ["nowhere"];
    private static readonly string[] OtherCommunity = [DemoSite.OtherCommunity];

    private readonly HttpReceiver _receiver = fixture.Receiver;

    [Fact]
    public async Task Police_get_a_new_security_alarm_of_their_jurisdiction_by_webhook_sms_wecom_and_dingtalk_in_each_documented_format()
    {
        var chen = $"chen-{Guid.NewGuid():N}"[..13];
        var wu = $"wu-{Guid.NewGuid():N}"[..11];
        await SubscribeAsync(fixture.Admin, new { login = "police-chen", channel = "webhook", target = $"{_receiver.BaseAddress}{chen}", secret = WebhookSecret, types = SecurityOnly });
        await SubscribeAsync(fixture.PoliceChen, new { channel = "sms", minLevel = 2 });
        await SubscribeAsync(fixture.PoliceChen, new { channel = "we_com", target = chen, places = new[] { DemoSite.Community } });
        await SubscribeAsync(fixture.PoliceChen, new { channel = "ding_talk", target = chen, secret = DingTalkSecret });
        await SubscribeAsync(fixture.Admin, new { login = "police-wu", channel = "webhook", target = $"{_receiver.BaseAddress}{wu}" });

        var e = await fixture.Hub.PublishAsync(DemoSite.Community, DemoSite.Gateway, EventTypes.DoorForcedOpen, $"door-{chen}");
        var id = (string)(await DashboardHub.IncidentOfAsync(fixture.Admin, e))["id"]!;
        var deliveries = await Poll.UntilAsync(() => MineAsync(fixture.PoliceChen, id), d => d.Count == 4 && d.All(n => (string?)n!["status"] == "sent"), "four notifications sent");
        Assert.All(deliveries, n => Assert.Equal(1, (int)n!["attempts"]!));

        var webhook = Assert.Single(_receiver.ReceivedAt($"/{chen}"));
        var expectedSignature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(WebhookSecret), Encoding.UTF8.GetBytes(webhook.Body)));
        Assert.Equal(expectedSignature, webhook.Headers["X-EdgeSecurity-Signature"]);
        var hook = JsonNode.Parse(webhook.Body)!;
        Assert.Equal("incident.alert", (string?)hook["type"]);
        Assert.Equal(id, (string?)hook["incident"]!["id"]);
        Assert.Equal("security.door_forced_open", (string?)hook["incident"]!["type"]);

        var sms = Assert.Single(_receiver.ReceivedAt("/sms"), r => r.Body.Contains(id, StringComparison.Ordinal));
        var form = sms.Body.Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => WebUtility.UrlDecode(p[1]));
        Assert.StartsWith("application/x-www-form-urlencoded", sms.ContentType, StringComparison.Ordinal);
        Assert.Equal("13800000004", form["phone"]);
        Assert.Equal("demo-account", form["account"]);
        Assert.Contains("【预警 Warning】门被强行打开 Door forced open", form["message"], StringComparison.Ordinal);
        Assert.Contains("阳光花园社区 / 阳光花园第一网格 / 3号楼 2单元 1层", form["message"], StringComparison.Ordinal);

        var wecom = Assert.Single(_receiver.ReceivedAt("/wecom"), r => r.Query["key"] == chen);
        var wecomBody = JsonNode.Parse(wecom.Body)!;
        Assert.Equal("markdown", (string?)wecomBody["msgtype"]);
        Assert.Contains("门被强行打开", (string?)wecomBody["markdown"]!["content"], StringComparison.Ordinal);

        var dingtalk = Assert.Single(_receiver.ReceivedAt("/dingtalk"), r => r.Query["access_token"] == chen);
        var timestamp = dingtalk.Query["timestamp"];
        var expectedSign = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(DingTalkSecret), Encoding.UTF8.GetBytes($"{timestamp}\n{DingTalkSecret}")));
        Assert.Equal(expectedSign, dingtalk.Query["sign"]);
        Assert.InRange(long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var dingBody = JsonNode.Parse(dingtalk.Body)!;
        Assert.Equal("markdown", (string?)dingBody["msgtype"]);
        Assert.Contains("门被强行打开", (string?)dingBody["markdown"]!["title"], StringComparison.Ordinal);
        Assert.Contains(id, (string?)dingBody["markdown"]!["text"], StringComparison.Ordinal);

        // police-wu (翠苑街道) subscribed to everything, yet gets only the alarm of their own jurisdiction.
        var own = await fixture.Hub.PublishAsync(DemoSite.OtherCommunity, DemoSite.OtherGateway, EventTypes.Loitering, $"cam-{wu}", grid: "grid-11");
        var ownId = (string)(await DashboardHub.IncidentOfAsync(fixture.Admin, own))["id"]!;
        var received = await Poll.UntilAsync(() => Task.FromResult(_receiver.ReceivedAt($"/{wu}")), r => r.Count >= 1, "police-wu's webhook");
        Assert.Equal(ownId, (string?)JsonNode.Parse(Assert.Single(received).Body)!["incident"]!["id"]);
    }

    [Fact]
    public async Task A_failing_receiver_is_retried_with_backoff_and_after_the_last_attempt_the_notification_fails_with_the_reason()
    {
        var flaky = $"flaky-{Guid.NewGuid():N}"[..14];
        var dead = $"dead-{Guid.NewGuid():N}"[..13];
        var refused = $"refused-{Guid.NewGuid():N}"[..16];
        _receiver.Answer = (request, count) => request.Path == $"/{flaky}" && count == 1 ? (503, "busy")
            : request.Path == $"/{dead}" ? (500, "boom")
            : request.Query.TryGetValue("key", out var key) && key == refused ? (200, """{"errcode":93000,"errmsg":"invalid webhook url"}""")
            : (200, """{"errcode":0,"errmsg":"ok"}""");
        long[] mine =
        [
            (long)(await SubscribeAsync(fixture.Admin, new { login = "wangmin", channel = "webhook", target = $"{_receiver.BaseAddress}{flaky}" }))["id"]!,
            (long)(await SubscribeAsync(fixture.Admin, new { login = "wangmin", channel = "webhook", target = $"{_receiver.BaseAddress}{dead}" }))["id"]!,
            (long)(await SubscribeAsync(fixture.Admin, new { login = "wangmin", channel = "we_com", target = refused }))["id"]!,
        ];

        var e = await fixture.Hub.PublishAsync(DemoSite.Community, DemoSite.Gateway, EventTypes.SmokeAlarm, $"smoke-{flaky}");
        var id = (string)(await DashboardHub.IncidentOfAsync(fixture.Admin, e))["id"]!;
        var deliveries = await Poll.UntilAsync(() => MineAsync(fixture.Admin, id, mine), d => d.Count == 3 && d.All(n => (string?)n!["status"] != "pending"), "three notifications settled");

        var byChannel = deliveries.ToLookup(n => (string)n!["channel"]!);
        var webhooks = byChannel["webhook"].OrderBy(n => (string?)n!["status"]).ToList();
        Assert.Equal("failed", (string?)webhooks[0]!["status"]);
        Assert.Equal(3, (int)webhooks[0]!["attempts"]!);
        Assert.Equal("HTTP 500: boom", (string?)webhooks[0]!["lastError"]);
        Assert.Equal("sent", (string?)webhooks[1]!["status"]);
        Assert.Equal(2, (int)webhooks[1]!["attempts"]!);
        Assert.Equal("HTTP 503: busy", (string?)webhooks[1]!["lastError"]);
        var wecom = Assert.Single(byChannel["we_com"]);
        Assert.Equal("failed", (string?)wecom!["status"]);
        Assert.Contains("errcode 93000", (string?)wecom["lastError"], StringComparison.Ordinal);
        Assert.Equal(3, _receiver.ReceivedAt($"/{dead}").Count);
    }

    [Fact]
    public async Task A_street_operator_hears_of_an_incident_once_when_it_is_escalated_to_the_street_not_before()
    {
        var hook = $"street-{Guid.NewGuid():N}"[..15];
        var marker = $"marker-{Guid.NewGuid():N}"[..15];
        await SubscribeAsync(fixture.Admin, new { login = "street-liu", channel = "webhook", target = $"{_receiver.BaseAddress}{hook}" });
        await SubscribeAsync(fixture.Admin, new { login = "admin", channel = "webhook", target = $"{_receiver.BaseAddress}{marker}", places = OtherCommunity });
        var e = await fixture.Hub.PublishAsync(DemoSite.Community, DemoSite.Gateway, EventTypes.DoorForcedOpen, $"door-{hook}");
        var id = (string)(await DashboardHub.IncidentOfAsync(fixture.Admin, e))["id"]!;
        using var wangmin = await DemoSite.SignInAsync(fixture.Hub.BaseAddress, "wangmin");
        using (var acknowledged = await wangmin.PostAsJsonAsync($"/api/incidents/{id}/actions", new { action = "acknowledge" }))
            Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        // The dispatcher handles the feed in order: once an incident reported after the acknowledgement is notified,
        // the acknowledgement has been handled too, and it did not concern the street.
        await fixture.Hub.PublishAsync(DemoSite.OtherCommunity, DemoSite.OtherGateway, EventTypes.NoActivity, $"care-{marker}", grid: "grid-11");
        await Poll.UntilAsync(() => Task.FromResult(_receiver.ReceivedAt($"/{marker}")), r => r.Count >= 1, "the marker notification");
        Assert.Empty(_receiver.ReceivedAt($"/{hook}"));

        using (var escalated = await wangmin.PostAsJsonAsync($"/api/incidents/{id}/actions", new { action = "escalate", note = "需要街道协调" }))
            Assert.Equal(HttpStatusCode.OK, escalated.StatusCode);
        var received = await Poll.UntilAsync(() => Task.FromResult(_receiver.ReceivedAt($"/{hook}")), r => r.Count >= 1, "street-liu's webhook");
        Assert.Equal("street", (string?)JsonNode.Parse(received[0].Body)!["incident"]!["tier"]);

        using (var note = await wangmin.PostAsJsonAsync($"/api/incidents/{id}/actions", new { action = "note", note = "保安已到场" }))
            Assert.Equal(HttpStatusCode.OK, note.StatusCode);
        await Poll.UntilAsync(() => MineAsync(fixture.Admin, id), d => d.Any(n => (string?)n!["login"] == "street-liu" && (string?)n["status"] == "sent"), "the street notification sent");
        Assert.Single(await MineAsync(fixture.Admin, id), n => (string?)n!["login"] == "street-liu");
        Assert.Single(_receiver.ReceivedAt($"/{hook}"));
    }

    [Fact]
    public async Task A_receiver_that_never_answers_times_out_and_alarms_are_stored_meanwhile_without_waiting_for_it()
    {
        var hang = $"hang-{Guid.NewGuid():N}"[..13];
        _receiver.Hanging[$"/{hang}"] = true;
        long[] mine = [(long)(await SubscribeAsync(fixture.Admin, new { login = "wangmin", channel = "webhook", target = $"{_receiver.BaseAddress}{hang}" }))["id"]!];

        var events = new List<EdgeSecurity.Contract.EdgeEvent>();
        for (var i = 0; i < 10; i++)
            events.Add(await fixture.Hub.PublishAsync(DemoSite.Community, DemoSite.Gateway, EventTypes.DoorForcedOpen, $"door-{hang}-{i}"));
        foreach (var e in events)
            await DashboardHub.IncidentOfAsync(fixture.Admin, e);
        // Every alarm is stored while the first one's notification is still being tried (three attempts of a second each).
        var id = (string)(await DashboardHub.IncidentOfAsync(fixture.Admin, events[0]))["id"]!;
        var queued = await Poll.UntilAsync(() => MineAsync(fixture.Admin, id, mine), d => d.Count == 1, "the notification queued");
        Assert.Equal("pending", (string?)queued[0]!["status"]);

        var settled = await Poll.UntilAsync(() => MineAsync(fixture.Admin, id, mine), d => d.Count == 1 && (string?)d[0]!["status"] == "failed", "the hanging webhook given up");
        Assert.Equal("no answer within the request timeout", (string?)settled[0]!["lastError"]);
        Assert.Equal(3, (int)settled[0]!["attempts"]!);
    }

    [Fact]
    public async Task Subscriptions_are_checked_people_manage_their_own_and_only_admins_add_webhooks()
    {
        Assert.Equal(HttpStatusCode.Forbidden, await StatusOfAsync(fixture.PoliceChen, new { channel = "webhook", target = "http://127.0.0.1:9/x" }));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusOfAsync(fixture.PoliceChen, new { login = "wangmin", channel = "we_com", target = "k" }));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusOfAsync(fixture.PoliceChen, new { channel = "sms", target = "13900000000" }));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusOfAsync(fixture.PoliceChen, new { channel = "pigeon", target = "x" }));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusOfAsync(fixture.PoliceChen, new { channel = "we_com", target = "k", types = UnknownType }));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusOfAsync(fixture.PoliceChen, new { channel = "we_com", target = "k", places = UnknownPlace, minLevel = 4 }));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusOfAsync(fixture.Admin, new { channel = "webhook", target = "file:///etc/passwd" }));

        var created = await SubscribeAsync(fixture.PoliceChen, new { channel = "ding_talk", target = "token", secret = "s" });
        Assert.True((bool)created["hasSecret"]!);
        Assert.Null(created["secret"]);
        var id = (long)created["id"]!;
        using (var wangmin = await DemoSite.SignInAsync(fixture.Hub.BaseAddress, "wangmin"))
        using (var notHers = await wangmin.DeleteAsync($"/api/notifications/subscriptions/{id}"))
            Assert.Equal(HttpStatusCode.NotFound, notHers.StatusCode);
        using var deleted = await fixture.PoliceChen.DeleteAsync($"/api/notifications/subscriptions/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    private static async Task<JsonObject> SubscribeAsync(HttpClient http, object subscription)
    {
        using var response = await http.PostAsJsonAsync("/api/notifications/subscriptions", subscription);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonNode.Parse(body)!.AsObject();
    }

    private static async Task<HttpStatusCode> StatusOfAsync(HttpClient http, object subscription)
    {
        using var response = await http.PostAsJsonAsync("/api/notifications/subscriptions", subscription);
        return response.StatusCode;
    }

    /// <summary>The notifications of one incident that <paramref name="http"/>'s person may list, only those of <paramref name="subscriptions"/> when given (other tests' subscriptions stay in the shared hub).</summary>
    private static async Task<IReadOnlyList<JsonNode?>> MineAsync(HttpClient http, string incident, long[]? subscriptions = null) =>
        [.. (await http.GetFromJsonAsync<JsonArray>($"/api/notifications?incident={incident}"))!
            .Where(n => subscriptions is null || subscriptions.Contains((long)n!["subscriptionId"]!))];
}
