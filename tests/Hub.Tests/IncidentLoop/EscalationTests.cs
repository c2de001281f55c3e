using System.Text.Json.Nodes;
using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Tests.Infrastructure;

namespace EdgeSecurity.Hub.Tests.IncidentLoop;

/// <summary>Deadlines of one second on a real hub: a fire nobody acknowledges climbs community → street → county, once each.</summary>
public sealed class EscalationTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory = new("hub-escalation");
    private MosquittoBroker _broker = null!;
    private HubHost _hub = null!;
    private EdgePublisher _edge = null!;
    private DemoClients _people = null!;

    public async Task InitializeAsync()
    {
        _broker = await MosquittoBroker.StartAsync();
        _hub = await HubHost.StartAsync(_broker.Port, _directory.Combine("hub.db"), null,
            "--Hub:Deadlines:alarm:reported=00:00:01", "--Hub:Escalation:CheckInterval=00:00:00.100");
        _edge = await EdgePublisher.ConnectAsync(_broker.Host, _broker.Port);
        _people = new DemoClients(_hub.BaseAddress);
        await Poll.UntilAsync(_hub.HealthAsync, h => (string?)h["mqtt"] == "connected", "the hub to connect to the broker");
    }

    [Fact]
    public async Task An_unacknowledged_fire_escalates_to_the_street_then_the_county_and_each_tier_is_told_on_its_live_stream()
    {
        var street = await _people.AsAsync("street-liu");
        using var streetStream = await ServerSentEventsSubscription.OpenAsync(street, "/api/incidents/stream");
        var e = SampleEvents.Create(DemoSite.Community, EventTypes.ConfirmedFire) with
        {
            GatewayId = DemoSite.Gateway, DeviceId = "smoke-b3-u2", IsTest = false,
            Place = new Place(DemoSite.Community, DemoSite.Grid, "3", "2", "5"),
        };
        await _edge.PublishAsync(e);

        using var timeout = new CancellationTokenSource(Poll.DefaultTimeout);
        var reachedStreet = await streetStream.NextAsync(ct: timeout.Token);
        Assert.Equal("incident.updated", reachedStreet.Type);
        Assert.Equal("street", (string?)JsonNode.Parse(reachedStreet.Data)!["tier"]);

        var id = (string)JsonNode.Parse(reachedStreet.Data)!["id"]!;
        var detail = await Poll.UntilAsync(
            async () => (await _people.GetAsync("county-sun", $"/api/incidents/{id}")).Body,
            d => d?["timeline"]?.AsArray().Any(t => (string?)t!["action"] == "overdue") == true,
            "the fire to be overdue at the county");
        var timeline = detail!["timeline"]!.AsArray();
        Assert.Equal(["reported", "escalated", "escalated", "overdue"], timeline.Select(t => (string)t!["action"]!));
        Assert.Equal(["community", "street", "county", "county"], timeline.Select(t => (string)t!["tier"]!));
        Assert.All(timeline, t => Assert.Equal("system", (string?)t!["actor"]));
        Assert.Contains("deadline for reported missed", (string?)timeline[1]!["note"], StringComparison.Ordinal);
        Assert.Null(detail["incident"]!["deadlineAt"]);

        await Poll.UntilAsync(() => _people.ActAsync("county-sun", Guid.Parse(id), "acknowledge"), r => r.Status == System.Net.HttpStatusCode.OK, "the county to acknowledge");
    }

    public async Task DisposeAsync()
    {
        _people.Dispose();
        await _edge.DisposeAsync();
        await _hub.DisposeAsync();
        await _broker.DisposeAsync();
    }

    public void Dispose() => _directory.Dispose();
}
