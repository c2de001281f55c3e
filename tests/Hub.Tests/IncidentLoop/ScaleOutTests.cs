using System.Text.Json.Nodes;
using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Tests.Infrastructure;

namespace EdgeSecurity.Hub.Tests.IncidentLoop;

/// <summary>
/// Two hubs sharing one PostgreSQL database and an MQTT 5 shared subscription, as a city deployment runs them: the
/// broker splits the events between them, and still every event is stored once, every device and type has one
/// incident, and each escalation happens once although both hubs watch the deadlines.
/// </summary>
public sealed class ScaleOutTests : IAsyncLifetime, IDisposable
{
    private const int Events = 240;
    private const int Redelivered = 30;

    private readonly TempDirectory _directory = new("hub-scale-out");
    private PostgresServer _postgres = null!;
    private MosquittoBroker _broker = null!;
    private HubHost _first = null!;
    private HubHost _second = null!;
    private EdgePublisher _edge = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        _broker = await MosquittoBroker.StartAsync();
        string[] settings =
        [
            .. await _postgres.HubSettingsAsync(), "--Hub:Mqtt:SharedGroup=hubs",
            // Every hub of one database needs the same personal data key.
            $"--Hub:Privacy:KeyFile={_directory.Combine("privacy.key")}",
            "--Hub:Deadlines:alarm:reported=00:00:01", "--Hub:Escalation:CheckInterval=00:00:00.050",
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
    public async Task Events_split_between_two_hubs_are_each_stored_once_in_one_incident_per_device_and_type_and_escalate_once()
    {
        var sent = Enumerable.Range(0, Events).Select(i => SampleEvents.Create(DemoSite.Community, i % 4 == 0 ? EventTypes.ConfirmedFire : EventTypes.DoorForcedOpen) with
        {
            GatewayId = DemoSite.Gateway,
            DeviceId = $"device-{i % 8}",
            IsTest = false,
            OccurredAt = SampleEvents.BaseTime.AddSeconds(i),
            PublishedAt = SampleEvents.BaseTime.AddSeconds(i + 1),
            Place = new Place(DemoSite.Community, DemoSite.Grid, "3"),
        }).ToList();
        foreach (var e in sent)
            await _edge.PublishAsync(e);
        foreach (var e in sent.Take(Redelivered))
            await _edge.PublishAsync(e);

        var log = await Poll.UntilAsync(() => _first.GetObjectAsync($"/api/events?community={DemoSite.Community}&pageSize=500"),
            l => l["items"]!.AsArray().Count >= Events, $"{Events} events");
        var stored = log["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
        Assert.Equal(sent.Select(e => e.EventId).Order(), stored.Select(i => Guid.Parse((string)i["eventId"]!)).Order());

        var statistics = await Poll.UntilAsync(async () => new[] { await _first.StatsAsync(), await _second.StatsAsync() },
            s => s.Sum(h => (long)h["accepted"]!["events"]!) >= Events + Redelivered, "every message, redeliveries included, to be handled");
        Assert.All(statistics, s => Assert.True((long)s["accepted"]!["events"]! > 0, "the broker gave both hubs a share"));
        Assert.Equal(Events + Redelivered, statistics.Sum(s => (long)s["accepted"]!["events"]!));
        Assert.Equal(Redelivered, statistics.Sum(s => (long)s["duplicateEvents"]!));

        var incidents = (await _second.IncidentsOnceAsync(DemoSite.Community, 1)).Select(i => i!.AsObject()).ToList();
        var expected = sent.GroupBy(e => (e.DeviceId, e.Type.Code)).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(expected.Count, incidents.Count);
        foreach (var incident in incidents)
            Assert.Equal(expected[((string)incident["deviceId"]!, (string)incident["type"]!)], (int)incident["eventCount"]!);

        foreach (var fire in incidents.Where(i => (string?)i["type"] == EventTypes.ConfirmedFire.Code))
        {
            var detail = await Poll.UntilAsync(() => _second.GetObjectAsync($"/api/incidents/{fire["id"]}"),
                d => d["timeline"]!.AsArray().Any(t => (string?)t!["action"] == "overdue"), "the fire to be overdue at the county");
            var steps = detail["timeline"]!.AsArray().Select(t => (string)t!["action"]!).Where(a => a != "repeated").ToList();
            Assert.Equal(["reported", "escalated", "escalated", "overdue"], steps);
        }
    }

    public async Task DisposeAsync()
    {
        await _edge.DisposeAsync();
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _broker.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    public void Dispose() => _directory.Dispose();
}
