using EdgeSecurity.Hub.Tests.Infrastructure;
using EdgeSecurity.Testing;

namespace EdgeSecurity.Hub.Tests;

public sealed class BrokerOutageTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory = new("hub-tests");
    private MosquittoBroker _broker = null!;

    public async Task InitializeAsync() => _broker = await MosquittoBroker.StartAsync();

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task The_hub_starts_without_a_broker_reports_it_and_ingests_once_the_broker_is_up()
    {
        await _broker.StopAsync();
        await using var hub = await HubHost.StartAsync(_broker.Port, _directory.Combine("hub.db"));

        using var response = await hub.Http.GetAsync("/health");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var health = await hub.HealthAsync();
        Assert.Equal("degraded", (string?)health["status"]);
        Assert.Equal("disconnected", (string?)health["mqtt"]);
        Assert.Equal("ok", (string?)health["storage"]);

        await _broker.RestartAsync();
        await Poll.UntilAsync(hub.HealthAsync, h => (string?)h["status"] == "healthy" && (string?)h["mqtt"] == "connected", "the hub to connect");

        var community = SampleEvents.NewCommunity();
        await using var edge = await EdgePublisher.ConnectAsync(_broker.Host, _broker.Port);
        await edge.PublishAsync(SampleEvents.Create(community));
        await hub.IncidentsOnceAsync(community, 1);
    }

    [Fact]
    public async Task The_hub_reconnects_and_resubscribes_after_the_broker_dies()
    {
        await using var hub = await HubHost.StartAsync(_broker.Port, _directory.Combine("hub.db"));
        await Poll.UntilAsync(hub.HealthAsync, h => (string?)h["mqtt"] == "connected", "the hub to connect");

        await _broker.KillAsync();
        await Poll.UntilAsync(hub.HealthAsync, h => (string?)h["mqtt"] == "disconnected", "the hub to notice the broker is gone");
        await _broker.RestartAsync();
        await Poll.UntilAsync(hub.HealthAsync, h => (string?)h["mqtt"] == "connected", "the hub to reconnect");

        var community = SampleEvents.NewCommunity();
        await using var edge = await EdgePublisher.ConnectAsync(_broker.Host, _broker.Port);
        await edge.PublishAsync(SampleEvents.Create(community));
        await hub.IncidentsOnceAsync(community, 1);
    }
}
