using System.Text.Json;
using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Tests.Infrastructure;

namespace EdgeSecurity.Hub.Tests.Forwarding;

/// <summary>
/// Two hubs on one PostgreSQL database delivering one outbox to one reference receiver: each record is claimed by one
/// hub at a time, so the receiver gets every record once and never a second copy, each incident's revisions in order.
/// </summary>
public sealed class ForwardingScaleOutTests : IAsyncLifetime, IDisposable
{
    private const int Doors = 60;
    private const int Fires = 4;

    private readonly TempDirectory _directory = new("hub-forwarding-scale-out");
    private readonly HttpClient _http = new();
    private PostgresServer _postgres = null!;
    private MosquittoBroker _broker = null!;
    private ReceiverProcess _receiver = null!;
    private HubHost _first = null!;
    private HubHost _second = null!;
    private EdgePublisher _edge = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        _broker = await MosquittoBroker.StartAsync();
        Directory.CreateDirectory(_directory.Combine("receiver"));
        _receiver = await ReceiverProcess.StartAsync(_directory.Combine("receiver"),
            new Dictionary<string, string> { [$"Keys:{ForwardingFixture.HubKeyId}"] = Convert.ToBase64String(ForwardingFixture.HubSecret) });
        string[] settings =
        [
            .. await _postgres.HubSettingsAsync(), "--Hub:Mqtt:SharedGroup=hubs",
            // Every hub of one database needs the same personal data key.
            $"--Hub:Privacy:KeyFile={_directory.Combine("privacy.key")}",
            "--Hub:Deadlines:alarm:reported=00:00:01", "--Hub:Escalation:CheckInterval=00:00:00.050",
            $"--Hub:Upstreams:county:Endpoint={_receiver.RecordsUrl}",
            $"--Hub:Upstreams:county:KeyId={ForwardingFixture.HubKeyId}",
            $"--Hub:Upstreams:county:Secret={Convert.ToBase64String(ForwardingFixture.HubSecret)}",
            "--Hub:Upstreams:county:Types=security.door_forced_open",
            "--Hub:Forwarding:PollInterval=00:00:00.020",
        ];
        var started = await Task.WhenAll(
            HubHost.StartAsync(_broker.Port, _directory.Combine("first/hub.db"), null, settings),
            HubHost.StartAsync(_broker.Port, _directory.Combine("second/hub.db"), null, settings));
        (_first, _second) = (started[0], started[1]);
        foreach (var hub in started)
            await Poll.UntilAsync(hub.HealthAsync, h => (string?)h["mqtt"] == "connected", "both hubs to subscribe");
        _edge = await EdgePublisher.ConnectAsync(_broker.Host, _broker.Port);
    }

    [Fact]
    public async Task Two_hubs_deliver_every_record_once_without_a_second_copy_and_each_incidents_revisions_in_order()
    {
        var sent = Enumerable.Range(0, Doors + Fires).Select(i => SampleEvents.Create(DemoSite.Community, i < Doors ? EventTypes.DoorForcedOpen : EventTypes.ConfirmedFire) with
        {
            GatewayId = DemoSite.Gateway,
            DeviceId = $"device-{i}",
            IsTest = false,
            Place = new Place(DemoSite.Community, DemoSite.Grid, "3"),
        }).ToList();
        foreach (var e in sent)
            await _edge.PublishAsync(e);

        // A door is sent when it is reported; a fire when it reaches the street, then the county, then is overdue there.
        const int Expected = Doors + (3 * Fires);
        var received = await Poll.UntilAsync(ReceivedAsync, r => r.Count >= Expected, $"{Expected} records at the receiver", TimeSpan.FromSeconds(40));
        var overview = await Poll.UntilAsync(() => _first.GetObjectAsync("/api/upstream"), o => (long)o["outbox"]!["county"]!["delivered"]! == Expected, "the outbox to be delivered");
        Assert.Equal(0, (long)overview["outbox"]!["county"]!["pending"]!);

        received = await ReceivedAsync();
        Assert.Equal(Expected, received.Count);
        Assert.All(received, r => Assert.Equal(0, r.GetProperty("duplicates").GetInt64()));
        foreach (var incident in received.GroupBy(r => r.GetProperty("incidentId").GetString()))
        {
            var revisions = incident.Select(r => r.GetProperty("revision").GetInt64()).ToList();
            Assert.Equal(Enumerable.Range(1, revisions.Count).Select(n => (long)n), revisions);
        }
        var fires = received.Where(r => r.GetProperty("event").GetProperty("data").GetProperty("type").GetString() == EventTypes.ConfirmedFire.Code).ToList();
        Assert.Equal(Fires, fires.Count(r => r.GetProperty("revision").GetInt64() == 1));
    }

    private async Task<IReadOnlyList<JsonElement>> ReceivedAsync() => await _receiver.ReceivedAsync(_http);

    public async Task DisposeAsync()
    {
        await _edge.DisposeAsync();
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _receiver.DisposeAsync();
        await _broker.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    public void Dispose()
    {
        _http.Dispose();
        _directory.Dispose();
    }
}
