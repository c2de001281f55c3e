using EdgeSecurity.Testing;

namespace EdgeSecurity.Hub.Tests.Infrastructure;

/// <summary>One broker, one hub connected to it, and one edge publisher, shared by the tests of a class.</summary>
public sealed class HubFixture : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory = new("hub-tests");

    public MosquittoBroker Broker { get; private set; } = null!;

    public HubHost Hub { get; private set; } = null!;

    public EdgePublisher Edge { get; private set; } = null!;

    /// <summary>The demo site's people, signed in on first use and kept for the class: logins are rate-limited per address.</summary>
    public DemoClients People { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Broker = await MosquittoBroker.StartAsync();
        Hub = await HubHost.StartAsync(Broker.Port, _directory.Combine("hub.db"));
        Edge = await EdgePublisher.ConnectAsync(Broker.Host, Broker.Port);
        People = new DemoClients(Hub.BaseAddress);
        await Poll.UntilAsync(Hub.HealthAsync, h => (string?)h["mqtt"] == "connected", "the hub to connect to the broker");
    }

    public async Task DisposeAsync()
    {
        await Edge.DisposeAsync();
        await Hub.DisposeAsync();
        await Broker.DisposeAsync();
    }

    public void Dispose()
    {
        People?.Dispose();
        _directory.Dispose();
    }
}
