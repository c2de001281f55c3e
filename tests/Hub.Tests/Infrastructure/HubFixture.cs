using EdgeSecurity.Testing;

namespace EdgeSecurity.Hub.Tests.Infrastructure;

/// <summary>One broker, one hub on SQLite connected to it, and one edge publisher, shared by the tests of a class.</summary>
public class HubFixture : IAsyncLifetime, IDisposable
{

    public MosquittoBroker Broker { get; private set; } = null!;

    public HubHost Hub { get; private set; } = null!;

    public EdgePublisher Edge { get; private set; } = null!;

    /// <summary>The demo site's people, signed in on first use and kept for the class: logins are rate-limited per address.</summary>
    public DemoClients People { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Broker = await MosquittoBroker.StartAsync();
        Hub = await HubHost.StartAsync(Broker.Port, Files.Combine("hub.db"), null, [.. await StorageSettingsAsync(), .. await HubSettingsAsync()]);
        await HubStartedAsync();
        Edge = await EdgePublisher.ConnectAsync(Broker.Host, Broker.Port);
        People = new DemoClients(Hub.BaseAddress);
        await Poll.UntilAsync(Hub.HealthAsync, h => (string?)h["mqtt"] == "connected", "the hub to connect to the broker");
    }

    public virtual async Task DisposeAsync()
    {
        await Edge.DisposeAsync();
        await Hub.DisposeAsync();
        await Broker.DisposeAsync();
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>The fixture's temp directory: the hub's database and whatever a derived fixture keeps beside it.</summary>
    protected TempDirectory Files { get; } = new("hub-tests");

    /// <summary>Hub settings choosing its database; none for the embedded SQLite default.</summary>
    protected virtual Task<IReadOnlyList<string>> StorageSettingsAsync() => Task.FromResult<IReadOnlyList<string>>([]);

    /// <summary>Further hub settings of a derived fixture, which may start what the hub talks to first.</summary>
    protected virtual Task<IReadOnlyList<string>> HubSettingsAsync() => Task.FromResult<IReadOnlyList<string>>([]);

    /// <summary>For a derived fixture to start what needs the hub's address.</summary>
    protected virtual Task HubStartedAsync() => Task.CompletedTask;

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
            return;
        People?.Dispose();
        Files.Dispose();
    }
}

/// <summary>The same, with the hub on a PostgreSQL server of its own: store tests run against both databases.</summary>
public sealed class PostgresHubFixture : HubFixture
{
    private PostgresServer? _postgres;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_postgres is not null)
            await _postgres.DisposeAsync();
    }

    protected override async Task<IReadOnlyList<string>> StorageSettingsAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        return await _postgres.HubSettingsAsync();
    }
}
