using System.Net.Http.Json;
using System.Text.Json;
using EdgeSecurity.Hub.Tests.Infrastructure;

namespace EdgeSecurity.Hub.Tests.Forwarding;

/// <summary>
/// A broker, two reference receivers as real processes (hub/GovernanceReceiver) and a hub forwarding to both: "county"
/// takes what is escalated to the street or above (an alarm nobody acknowledges within a second escalates) and knows the hub's key; "refuser" takes low-battery reports only and
/// does not know the hub's key until a test restarts it with it, so its records die with a 4xx.
/// </summary>
public class ForwardingFixture : IAsyncLifetime, IDisposable
{
    public const string HubKeyId = "hub-demo-1";
    public const string CentreKeyId = "centre-xihu-1";

    public static readonly byte[] HubSecret = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    public static readonly byte[] CentreSecret = [.. Enumerable.Range(100, 32).Select(i => (byte)i)];

    private readonly TempDirectory _directory = new("hub-forwarding");

    public MosquittoBroker Broker { get; private set; } = null!;

    public HubHost Hub { get; private set; } = null!;

    public EdgePublisher Edge { get; private set; } = null!;

    public DemoClients People { get; private set; } = null!;

    public ReceiverProcess County { get; private set; } = null!;

    public ReceiverProcess Refuser { get; private set; } = null!;

    public HttpClient Http { get; } = new();

    public Uri StatusUrl => new(Hub.BaseAddress, "/api/upstream/status");

    public async Task InitializeAsync()
    {
        Broker = await MosquittoBroker.StartAsync();
        Directory.CreateDirectory(_directory.Combine("county"));
        Directory.CreateDirectory(_directory.Combine("refuser"));
        Refuser = await ReceiverProcess.StartAsync(_directory.Combine("refuser"), new Dictionary<string, string> { ["Keys:another-hub"] = Convert.ToBase64String(CentreSecret) });
        var countyPort = FreeTcpPort.Next();
        Hub = await HubHost.StartAsync(Broker.Port, _directory.Combine("hub.db"), null,
        [
            .. await StorageSettingsAsync(),
            $"--Hub:Upstreams:county:Endpoint=http://127.0.0.1:{countyPort}/api/records",
            "--Hub:Upstreams:county:Source=urn:edgesecurity:hub:test",
            $"--Hub:Upstreams:county:KeyId={HubKeyId}",
            $"--Hub:Upstreams:county:Secret={Convert.ToBase64String(HubSecret)}",
            $"--Hub:Upstreams:county:CentreKeys:{CentreKeyId}={Convert.ToBase64String(CentreSecret)}",
            "--Hub:Upstreams:county:RetryInitialDelay=00:00:00.200",
            "--Hub:Upstreams:county:RetryMaximumDelay=00:00:01",
            $"--Hub:Upstreams:refuser:Endpoint={Refuser.RecordsUrl}",
            $"--Hub:Upstreams:refuser:KeyId={HubKeyId}",
            $"--Hub:Upstreams:refuser:Secret={Convert.ToBase64String(HubSecret)}",
            "--Hub:Upstreams:refuser:Tier=none",
            "--Hub:Upstreams:refuser:Types=fire.low_battery",
            "--Hub:Forwarding:PollInterval=00:00:00.100",
            "--Hub:Deadlines:alarm:reported=00:00:01",
            "--Hub:Escalation:CheckInterval=00:00:00.100",
        ]);
        County = await StartCountyAsync(countyPort);
        Edge = await EdgePublisher.ConnectAsync(Broker.Host, Broker.Port);
        People = new DemoClients(Hub.BaseAddress);
        await Poll.UntilAsync(Hub.HealthAsync, h => (string?)h["mqtt"] == "connected", "the hub to connect to the broker");
    }

    /// <summary>Starts the county's receiver (again) on its port and database, with the centre's key to post status updates to the hub.</summary>
    public Task<ReceiverProcess> StartCountyAsync(int port) =>
        ReceiverProcess.StartAsync(_directory.Combine("county"), new Dictionary<string, string>
        {
            [$"Keys:{HubKeyId}"] = Convert.ToBase64String(HubSecret),
            ["Hub:StatusUrl"] = new Uri(Hub.BaseAddress, "/api/upstream/status").ToString(),
            ["Hub:KeyId"] = CentreKeyId,
            ["Hub:Secret"] = Convert.ToBase64String(CentreSecret),
        }, port);

    public async Task RestartCountyAsync(Func<Task> whileDown)
    {
        ArgumentNullException.ThrowIfNull(whileDown);
        var port = County.Port;
        await County.StopAsync();
        await County.DisposeAsync();
        await whileDown();
        County = await StartCountyAsync(port);
    }

    /// <summary>The refuser again, now knowing the hub's key.</summary>
    public async Task RestartRefuserWithHubKeyAsync()
    {
        var port = Refuser.Port;
        await Refuser.StopAsync();
        await Refuser.DisposeAsync();
        Refuser = await ReceiverProcess.StartAsync(_directory.Combine("refuser"), new Dictionary<string, string> { [$"Keys:{HubKeyId}"] = Convert.ToBase64String(HubSecret) }, port);
    }

    /// <summary>What a receiver kept for one incident, oldest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> RecordsOfAsync(ReceiverProcess receiver, Guid incident)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        var all = await Http.GetFromJsonAsync<JsonElement>(receiver.RecordsUrl);
        return [.. all.EnumerateArray().Where(r => r.GetProperty("incidentId").GetString() == incident.ToString())];
    }

    public virtual async Task DisposeAsync()
    {
        await Edge.DisposeAsync();
        await Hub.DisposeAsync();
        await County.DisposeAsync();
        await Refuser.DisposeAsync();
        await Broker.DisposeAsync();
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual Task<IReadOnlyList<string>> StorageSettingsAsync() => Task.FromResult<IReadOnlyList<string>>([]);

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
            return;
        People?.Dispose();
        Http.Dispose();
        _directory.Dispose();
    }
}

public sealed class PostgresForwardingFixture : ForwardingFixture
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
