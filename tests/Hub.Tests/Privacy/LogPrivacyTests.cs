using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSecurity.Hub.Tests.Privacy;

/// <summary>
/// Everything the hub logs at every level while people sign in, a gateway enrols, evidence arrives and care and
/// security alerts page people by SMS: no password, enrolment code, broker password, name, phone number or JPEG.
/// </summary>
public sealed class LogPrivacyTests : IAsyncLifetime, IDisposable
{
    private const string WrongPassword = "Wrong-Secret-Pa55word";
    private static readonly byte[] Jpeg = File.ReadAllBytes(Path.Combine(RepositoryLayout.SharedDirectory, "media", "vtest_frame_t20s.jpg"));

    private readonly TempDirectory _files = new("hub-log-privacy");
    private readonly CapturingLoggerProvider _logs = new();
    private MosquittoBroker _broker = null!;
    private HubHost _hub = null!;
    private EdgePublisher _edge = null!;

    public async Task InitializeAsync()
    {
        _broker = await MosquittoBroker.StartAsync();
        _hub = await HubHost.StartAsync(_broker.Port, _files.Combine("hub.db"), services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(_logs),
            "--Logging:LogLevel:Default=Trace", "--Logging:LogLevel:Microsoft.AspNetCore=Trace",
            // Nothing listens there: every SMS fails and its failure is logged and retried.
            $"--Hub:Notifications:Sms:Url=http://127.0.0.1:{FreeTcpPort.Next()}/sms",
            "--Hub:Notifications:RetryMinDelay=00:00:00.100", "--Hub:Notifications:MaxAttempts=2");
        _edge = await EdgePublisher.ConnectAsync(_broker.Host, _broker.Port);
    }

    [Fact]
    public async Task Sign_in_enrolment_evidence_and_sms_alerts_leave_no_secret_personal_data_or_image_in_the_logs()
    {
        using (var wrong = new HttpClient { BaseAddress = _hub.BaseAddress })
        using (var refused = await wrong.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative), new { login = "wangmin", password = WrongPassword }))
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        (await DemoSite.SignInAsync(_hub.BaseAddress, "wangmin")).Dispose();
        foreach (var login in new[] { "wangmin", "grid-zhao" })
        {
            using var subscribed = await _hub.Http.PostAsJsonAsync(new Uri("/api/notifications/subscriptions", UriKind.Relative), new { channel = "sms", login });
            Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
        }

        using var issue = await _hub.Http.PostAsJsonAsync(new Uri("/api/enrolment/codes", UriKind.Relative), new { gatewayId = DemoSite.Gateway });
        var code = (string)JsonNode.Parse(await issue.Content.ReadAsStringAsync())!["code"]!;
        using var anonymous = new HttpClient { BaseAddress = _hub.BaseAddress };
        using var redeem = await anonymous.PostAsJsonAsync(new Uri("/api/enrolment/redeem", UriKind.Relative), new { code });
        var brokerPassword = (string)JsonNode.Parse(await redeem.Content.ReadAsStringAsync())!["broker"]!["password"]!;

        var uri = $"evidence://{DemoSite.Gateway}/snapshots/{Guid.CreateVersion7():D}.jpg";
        var alarm = SampleEvents.Create(DemoSite.Community, EventTypes.PerimeterIntrusion, WarningLevel.Alarm) with
        {
            GatewayId = DemoSite.Gateway, DeviceId = "cam-logs", Place = new Place(DemoSite.Community, DemoSite.Grid, "3"), IsTest = false,
            Evidence = new EvidenceRef(EvidenceKind.Snapshot, uri),
        };
        var care = SampleEvents.Create(DemoSite.Community, EventTypes.NoActivity) with
        {
            GatewayId = DemoSite.Gateway, DeviceId = "door-care", Place = new Place(DemoSite.Community, DemoSite.Grid, "3", "2", "4", "402"), IsTest = false,
        };
        await _edge.PublishAsync(alarm);
        await _edge.PublishAsync(care);
        var topic = Topics.Evidence(DemoSite.Community, DemoSite.Gateway, "cam-logs");
        await _edge.PublishAsync(topic, ContractWriter.ToJson(new EvidenceUpload(uri, "image/jpeg", Convert.ToHexStringLower(SHA256.HashData(Jpeg)), Jpeg)));
        await _edge.PublishAsync(topic, ContractWriter.ToJson(new EvidenceUpload(uri, "image/jpeg", Convert.ToHexStringLower(SHA256.HashData([1])), Jpeg)));

        await Poll.UntilAsync(_hub.StatsAsync, s => (long)s["accepted"]!["evidence"]! == 1 && s["rejected"]!.AsObject().Count > 0, "the evidence stored and the bad copy refused");
        await Poll.UntilAsync(() => _hub.GetArrayAsync("/api/notifications"),
            n => n.Count >= 2 && n.All(x => (string?)x!["status"] == "failed"), "every SMS to fail for good");

        var logged = _logs.Text;
        Assert.Contains("(sms) attempt 1 failed", logged, StringComparison.Ordinal);
        Assert.Contains("invalid_field", logged, StringComparison.Ordinal);
        string[] secrets =
        [
            DemoSite.Password, WrongPassword, code, code.Replace("-", "", StringComparison.Ordinal), brokerPassword,
            "13800000001", "13800000003", "王敏", "赵丽", "/9j/", Convert.ToBase64String(Jpeg.AsSpan(0, 48)),
        ];
        Assert.All(secrets, secret => Assert.False(logged.Contains(secret, StringComparison.Ordinal), $"the logs contain '{secret}'"));
    }

    public async Task DisposeAsync()
    {
        await _edge.DisposeAsync();
        await _hub.DisposeAsync();
        await _broker.DisposeAsync();
    }

    public void Dispose()
    {
        _logs.Dispose();
        _files.Dispose();
    }
}
