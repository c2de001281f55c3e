using System.Net.Http.Json;
using System.Text.Json;
using EdgeSecurity.Hub.Tests.Infrastructure;

namespace EdgeSecurity.Hub.Tests.Forwarding;

/// <summary>
/// A broker, two reference receivers as real processes (hub/GovernanceReceiver) and a hub forwarding to both: "county"
/// takes what is escalated to the street or above (an alarm nobody acknowledges within a second escalates) and knows the hub's key; "refuser" takes low-battery reports only and
/// does not know the hub's key until a test restarts it with it, so its records die with a 4xx.
/// </summary>
public class ForwardingFixture : HubFixture
{
    public const string HubKeyId = "hub-demo-1";
    public const string CentreKeyId = "centre-xihu-1";

    public static readonly byte[] HubSecret = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    public static readonly byte[] CentreSecret = [.. Enumerable.Range(100, 32).Select(i => (byte)i)];

    private int _countyPort;

    public ReceiverProcess County { get; private set; } = null!;

    public ReceiverProcess Refuser { get; private set; } = null!;

    public HttpClient Http { get; } = new();

    public Uri StatusUrl => new(Hub.BaseAddress, "/api/upstream/status");

    /// <summary>The refuser first: the hub needs its address. The county's port is taken now; it starts once the hub's address is known.</summary>
    protected override async Task<IReadOnlyList<string>> HubSettingsAsync()
    {
        Directory.CreateDirectory(Files.Combine("county"));
        Directory.CreateDirectory(Files.Combine("refuser"));
        Refuser = await ReceiverProcess.StartAsync(Files.Combine("refuser"), new Dictionary<string, string> { ["Keys:another-hub"] = Convert.ToBase64String(CentreSecret) });
        _countyPort = FreeTcpPort.Next();
        return
        [
            $"--Hub:Upstreams:county:Endpoint=http://127.0.0.1:{_countyPort}/api/records",
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
        ];
    }

    protected override async Task HubStartedAsync() => County = await StartCountyAsync(_countyPort);

    /// <summary>Starts the county's receiver (again) on its port and database, with the centre's key to post status updates to the hub.</summary>
    public Task<ReceiverProcess> StartCountyAsync(int port) =>
        ReceiverProcess.StartAsync(Files.Combine("county"), new Dictionary<string, string>
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
        Refuser = await ReceiverProcess.StartAsync(Files.Combine("refuser"), new Dictionary<string, string> { [$"Keys:{HubKeyId}"] = Convert.ToBase64String(HubSecret) }, port);
    }

    /// <summary>What a receiver kept for one incident, oldest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> RecordsOfAsync(ReceiverProcess receiver, Guid incident)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        var all = await Http.GetFromJsonAsync<JsonElement>(receiver.RecordsUrl);
        return [.. all.EnumerateArray().Where(r => r.GetProperty("incidentId").GetString() == incident.ToString())];
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await County.DisposeAsync();
        await Refuser.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            Http.Dispose();
        base.Dispose(disposing);
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
