using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Tests.Infrastructure;
using EdgeSecurity.Upstream.Tests.Viid;

namespace EdgeSecurity.Hub.Tests.Forwarding;

/// <summary>
/// Structured objects from a gateway's camera through the real hub to a test 视图库: uploaded once as /VIID/Persons,
/// /VIID/MotorVehicles and /VIID/NonMotorVehicles with a blurred, decodable crop, not again after a restart; the
/// platform's subscriptions served and, once cancelled, silent; bad payloads and a failing 视图库 handled and visible.
/// </summary>
public abstract class ViidObjectTests : IAsyncLifetime, IDisposable
{
    private const string Camera = "33010600011320000041";
    private const string Device = "cam-objects";
    private const string HubCode = "33010600012008000001";

    private static readonly byte[] Crop = File.ReadAllBytes(Path.Combine(RepositoryLayout.SharedDirectory, "media", "vtest_frame_t20s.jpg"));

    private readonly TempDirectory _directory = new("hub-viid-objects");
    private MosquittoBroker _broker = null!;
    private ViidTestServer _viid = null!;
    private HubHost _hub = null!;
    private EdgePublisher _edge = null!;
    private readonly HttpClient _http = new();
    private string[] _storage = [];

    /// <summary>The hub's storage settings: SQLite beside the test's files unless a subclass gives others.</summary>
    protected virtual Task<string[]> StorageSettingsAsync() => Task.FromResult(Array.Empty<string>());

    public async Task InitializeAsync()
    {
        _broker = await MosquittoBroker.StartAsync();
        _viid = await ViidTestServer.StartAsync();
        _storage = await StorageSettingsAsync();
        _hub = await StartHubAsync();
        _edge = await EdgePublisher.ConnectAsync("127.0.0.1", _broker.Port);
    }

    private Task<HubHost> StartHubAsync() => HubHost.StartAsync(_broker.Port, _directory.Combine("hub.db"), null,
    [
        .. _storage,
        $"--Hub:Viid:BaseUri={_viid.BaseUri}",
        $"--Hub:Viid:DeviceId={HubCode}",
        $"--Hub:Viid:Username={ViidTestServer.Username}",
        $"--Hub:Viid:Password={ViidTestServer.Password}",
        "--Hub:Viid:KeepaliveInterval=00:00:01",
        "--Hub:Viid:ObjectInterval=00:00:00.100",
        $"--Hub:Viid:Cameras:{Camera}:Gateway={DemoSite.Gateway}",
        $"--Hub:Viid:Cameras:{Camera}:Device={Device}",
        $"--Hub:Viid:Cameras:{Camera}:Name=3号楼广场",
        $"--Hub:Viid:Cameras:{Camera}:Model=DS-2CD3T46",
        $"--Hub:Viid:Cameras:{Camera}:IPAddr=192.168.10.41",
        $"--Hub:Viid:Cameras:{Camera}:Port=554",
        $"--Hub:Viid:Cameras:{Camera}:Longitude=120.1234",
        $"--Hub:Viid:Cameras:{Camera}:Latitude=30.2741",
    ]);

    [Fact]
    public async Task Each_kind_is_uploaded_once_with_a_blurred_decodable_crop_and_a_restarted_hub_sends_nothing_again()
    {
        var person = Sample(ObjectKind.Person, "person");
        var car = Sample(ObjectKind.MotorVehicle, "car");
        var bike = Sample(ObjectKind.NonMotorVehicle, "bicycle");
        foreach (var o in new[] { person, car, bike })
            await PublishAsync(o);
        await PublishAsync(person);

        var persons = await Poll.UntilAsync(() => Task.FromResult(_viid.Kept["Persons"].Values.ToList()), p => p.Count == 1, "the person at the 视图库");
        await Poll.UntilAsync(() => Task.FromResult(_viid.Kept["MotorVehicles"].Count + _viid.Kept["NonMotorVehicles"].Count), n => n == 2, "the car and the bicycle");
        var uploaded = persons[0];
        var id = uploaded.GetProperty("PersonID").GetString()!;
        Assert.StartsWith(Camera, id, StringComparison.Ordinal);
        Assert.Equal(Camera, uploaded.GetProperty("DeviceID").GetString());
        Assert.Equal((100, 40, 160, 200), (uploaded.GetProperty("LeftTopX").GetInt32(), uploaded.GetProperty("LeftTopY").GetInt32(),
            uploaded.GetProperty("RightBtmX").GetInt32(), uploaded.GetProperty("RightBtmY").GetInt32()));
        var image = uploaded.GetProperty("SubImageList").GetProperty("SubImageInfoObject")[0];
        Assert.Equal("10", image.GetProperty("Type").GetString());
        var jpeg = Convert.FromBase64String(image.GetProperty("Data").GetString()!);
        // Decodable, the crop's size, and blurred: most of its detail is gone (the hub's privacy gate, not a police platform).
        var sent = Decode(jpeg);
        var original = Decode(Crop);
        Assert.Equal((original.Width, original.Height), (sent.Width, sent.Height));
        Assert.True(Detail(sent) * 4 < Detail(original), $"detail {Detail(sent)} of the upload vs {Detail(original)} of the crop: not blurred");
        Assert.Equal(2, _viid.Kept["MotorVehicles"].Values.Single().GetProperty("SubImageList").GetProperty("SubImageInfoObject")[0].GetProperty("Type").GetString()!.Length);

        await Poll.UntilAsync(ObjectStatusesAsync, s => s.Count(x => x == "uploaded") == 3, "three objects uploaded");
        await _hub.DisposeAsync();
        _hub = await StartHubAsync();
        await PublishAsync(person);
        var later = Sample(ObjectKind.Person, "person");
        await PublishAsync(later);
        await Poll.UntilAsync(() => Task.FromResult(_viid.Kept["Persons"].Count), n => n == 2, "the later person");

        Assert.Equal(1, _viid.Arrivals[id]);
        Assert.All(_viid.Arrivals.Where(a => a.Key.Length == 48), a => Assert.Equal(1, a.Value));
    }

    [Fact]
    public async Task A_subscription_gets_new_objects_once_even_when_the_subscriber_was_busy_and_nothing_after_it_is_cancelled()
    {
        var subscribeId = $"{HubCode}03{DateTime.UtcNow:yyyyMMddHHmmss}00001"[..41];
        var (refusedStatus, refusedBody) = await _viid.SubscribeAtAsync(_http, _hub.BaseAddress, "123", "11", Camera, "http://192.0.2.1/VIID/SubscribeNotifications");
        Assert.Equal(200, refusedStatus);
        Assert.Contains("\"StatusCode\":8", refusedBody, StringComparison.Ordinal);
        Assert.Contains("ReceiveAddr", refusedBody, StringComparison.Ordinal);
        using (var anonymous = new HttpRequestMessage(HttpMethod.Post, new Uri(_hub.BaseAddress, "/VIID/Subscribes")) { Content = new StringContent("{}", Encoding.UTF8, "application/VIID+JSON") })
            Assert.Equal(401, (int)(await _http.SendAsync(anonymous)).StatusCode);

        var (status, body) = await _viid.SubscribeAtAsync(_http, _hub.BaseAddress, subscribeId, "11,13", Camera);
        Assert.Equal(200, status);
        Assert.Contains("\"StatusCode\":0", body, StringComparison.Ordinal);

        // The subscriber is busy at the first push: the hub pushes again later, and the notification arrives once.
        _viid.Fault(503, "busy", "/VIID/SubscribeNotifications");
        var first = Sample(ObjectKind.Person, "person");
        await PublishAsync(first);
        var received = await Poll.UntilAsync(() => Task.FromResult(_viid.Received.ToList()), r => r.Count >= 1, "a notification", TimeSpan.FromSeconds(30));
        var notification = received.Single();
        Assert.Equal(subscribeId, notification.GetProperty("SubscribeID").GetString());
        Assert.Single(notification.GetProperty("PersonObjectList").GetProperty("PersonObject").EnumerateArray());
        await Poll.UntilAsync(() => Task.FromResult(_viid.Kept["Persons"].Count), n => n == 1, "the first person uploaded");

        var (cancelStatus, cancelBody) = await _viid.CancelAtAsync(_http, _hub.BaseAddress, subscribeId);
        Assert.Equal(200, cancelStatus);
        Assert.Contains("\"StatusCode\":0", cancelBody, StringComparison.Ordinal);
        await PublishAsync(Sample(ObjectKind.Person, "person"));
        await Poll.UntilAsync(() => Task.FromResult(_viid.Kept["Persons"].Count), n => n == 2, "the second person uploaded");
        // One more object through the uplink's loop: the pass that uploaded the second person has finished its pushes by then.
        await PublishAsync(Sample(ObjectKind.Person, "person"));
        await Poll.UntilAsync(() => Task.FromResult(_viid.Kept["Persons"].Count), n => n == 3, "the third person uploaded");

        Assert.Single(_viid.Received);
        Assert.Empty(_viid.Problems);
        Assert.Contains(": Ok: 1 object(s)", (string?)(await _hub.GetObjectAsync("/api/upstream/viid"))["lastNotification"], StringComparison.Ordinal);
        var subscriptions = await _hub.GetArrayAsync("/api/upstream/viid/subscriptions");
        Assert.Equal("cancelled", (string?)subscriptions.Single()!["status"]);
    }

    [Fact]
    public async Task Bad_objects_are_refused_and_counted_and_a_failing_viid_gets_each_object_once_or_refuses_it_visibly()
    {
        var topic = Topics.Objects(DemoSite.Community, DemoSite.Gateway, Device);
        var before = await _hub.StatsAsync();
        await _edge.PublishAsync(topic, "{\"v\":1,\"objectId\":");
        await _edge.PublishAsync(topic, new byte[ContractReader.MaxEvidencePayloadBytes + 1]);
        var wrongGateway = JsonNode.Parse(ContractWriter.ToJson(Sample(ObjectKind.Person, "person")))!;
        wrongGateway["gatewayId"] = "gw-other";
        await _edge.PublishAsync(topic, wrongGateway.ToJsonString());
        await Poll.UntilAsync(_hub.StatsAsync, s => Rejected(before, s, "malformed_json") == 1 && Rejected(before, s, "payload_too_large") == 1
            && Rejected(before, s, "topic_mismatch") == 1, "three refusals counted by reason");

        _viid.Fault(500, "upstream exploded", "/VIID/Persons");
        _viid.Fault(200, "<html>captive portal</html>", "/VIID/Persons");
        var retried = Sample(ObjectKind.Person, "person");
        await PublishAsync(retried);
        var kept = await Poll.UntilAsync(() => Task.FromResult(_viid.Kept["Persons"].Keys.ToList()), k => k.Count == 1, "the person after two failures", TimeSpan.FromSeconds(30));
        Assert.Equal(1, _viid.Arrivals[kept[0]]);
        // The 视图库 keeps the object before the hub has read its answer: the status follows.
        await Poll.UntilAsync(() => _hub.GetObjectAsync("/api/upstream/viid"), s => ((string?)s["lastObjectUpload"])?.Contains("1 accepted", StringComparison.Ordinal) == true,
            "the uplink's status to show the upload");

        _viid.Fault(400, """{"ResponseStatusObject":{"Id":null,"RequestURL":"/VIID/Persons","StatusCode":8,"StatusString":"Invalid JSON Content: refused for the test","LocalTime":"20261122231500"}}""", "/VIID/Persons");
        var refused = Sample(ObjectKind.Person, "person");
        await PublishAsync(refused);
        var objects = await Poll.UntilAsync(() => _hub.GetArrayAsync("/api/upstream/viid/objects"),
            a => a.Any(o => (string?)o!["objectId"] == refused.ObjectId.ToString() && (string?)o["status"] == "rejected"), "the refused object shown as rejected");
        var shown = objects.Single(o => (string?)o!["objectId"] == refused.ObjectId.ToString())!;
        Assert.Contains("refused for the test", (string?)shown["lastError"], StringComparison.Ordinal);
        Assert.Single(_viid.Kept["Persons"]);
    }

    private async Task PublishAsync(StructuredObject o) =>
        await _edge.PublishAsync(Topics.Objects(DemoSite.Community, DemoSite.Gateway, Device), ContractWriter.ToJson(o));

    private async Task<List<string>> ObjectStatusesAsync() =>
        [.. (await _hub.GetArrayAsync("/api/upstream/viid/objects")).Select(o => (string)o!["status"]!)];

    private static StructuredObject Sample(ObjectKind kind, string label) => new(
        Guid.CreateVersion7(), DemoSite.Gateway, Device, kind, label, Random.Shared.Next(1, 1000), DateTimeOffset.UtcNow,
        new ObjectBox(100, 40, 160, 200, 768, 576), 0.84, "left",
        new ObjectImage($"evidence://{DemoSite.Gateway}/snapshots/{Guid.CreateVersion7():D}.jpg", Convert.ToHexStringLower(SHA256.HashData(Crop)), 768, 576, Crop));

    private RawImage Decode(byte[] jpeg)
    {
        var path = _directory.Combine($"{Guid.NewGuid():N}.jpg");
        File.WriteAllBytes(path, jpeg);
        return RawImage.Decode(path);
    }

    /// <summary>Mean absolute difference of horizontally neighbouring pixels' green: falls when a picture is blurred.</summary>
    private static double Detail(RawImage image)
    {
        long sum = 0;
        for (var y = 0; y < image.Height; y++)
        {
            var row = y * image.Width * 3;
            for (var x = 1; x < image.Width; x++)
                sum += Math.Abs(image.Pixels[row + (x * 3) + 1] - image.Pixels[row + ((x - 1) * 3) + 1]);
        }
        return (double)sum / (image.Height * (image.Width - 1));
    }

    private static long Rejected(JsonObject before, JsonObject after, string reason) => (long)after["rejected"]![reason]! - (long)before["rejected"]![reason]!;

    public virtual async Task DisposeAsync()
    {
        await _edge.DisposeAsync();
        await _hub.DisposeAsync();
        await _viid.DisposeAsync();
        await _broker.DisposeAsync();
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
            return;
        _http.Dispose();
        _directory.Dispose();
    }
}

public sealed class ViidObjectTestsOnSqlite : ViidObjectTests;

public sealed class ViidObjectTestsOnPostgres : ViidObjectTests
{
    private PostgresServer? _postgres;

    protected override async Task<string[]> StorageSettingsAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        return await _postgres.HubSettingsAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_postgres is not null)
            await _postgres.DisposeAsync();
    }
}
