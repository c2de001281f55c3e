using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Tests.Infrastructure;

namespace EdgeSecurity.Hub.Tests.Forwarding;

/// <summary>
/// The hub as its own process, SIGKILLed while records wait for an absent centre and again in the middle of delivering
/// them: after each restart it carries on from its database, and the reference receiver ends with every record exactly once.
/// </summary>
public abstract class ForwardingCrashTests : IAsyncLifetime, IDisposable
{
    private const int Incidents = 40;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _directory = new("hub-forwarding-crash");
    private readonly int _hubPort = FreeTcpPort.Next();
    private readonly int _receiverPort = FreeTcpPort.Next();
    private readonly HttpClient _http = new();
    private MosquittoBroker _broker = null!;
    private IReadOnlyList<string> _storage = [];

    public async Task InitializeAsync()
    {
        _broker = await MosquittoBroker.StartAsync();
        Directory.CreateDirectory(_directory.Combine("receiver"));
        _storage = await StorageSettingsAsync(_directory.Combine("hub.db"));
    }

    public virtual async Task DisposeAsync() => await _broker.DisposeAsync();

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>The hub's settings choosing its database, which outlives every kill.</summary>
    protected abstract Task<IReadOnlyList<string>> StorageSettingsAsync(string sqlitePath);

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
            return;
        _http.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Records_queued_before_a_kill_and_claimed_during_another_reach_the_centre_exactly_once_and_callback_ids_outlive_a_restart()
    {
        await using var edge = await EdgePublisher.ConnectAsync(_broker.Host, _broker.Port);
        var events = Enumerable.Range(0, Incidents).Select(i => SampleEvents.Create(DemoSite.Community, EventTypes.DoorForcedOpen) with
        {
            GatewayId = DemoSite.Gateway,
            DeviceId = $"door-crash-{i}",
            Place = new Place(DemoSite.Community, DemoSite.Grid, "3", "2", "1"),
            IsTest = false,
        }).ToList();

        await using (var first = await StartHubAsync())
        {
            foreach (var e in events)
                await edge.PublishAsync(e);
            await Poll.UntilAsync(() => OutboxAsync(first.Http), o => (long)o["pending"]! == Incidents, $"{Incidents} records queued while the centre is down");
            await first.Process.KillAsync();
        }

        await using var receiver = await StartReceiverAsync();
        await using (var second = await StartHubAsync())
        {
            await Poll.UntilAsync(() => receiver.ReceivedAsync(_http), r => r.Count > 0, "the first records to arrive");
            await second.Process.KillAsync();
        }

        await using var third = await StartHubAsync();
        await Poll.UntilAsync(() => OutboxAsync(third.Http), o => (long)o["delivered"]! == Incidents, "every record to be delivered");
        var received = await receiver.ReceivedAsync(_http);
        Assert.Equal(Incidents, received.Count);
        Assert.Equal(Incidents, received.Select(r => r.GetProperty("idempotencyKey").GetString()).Distinct().Count());
        Assert.All(received, r => Assert.Equal(1, r.GetProperty("revision").GetInt64()));
        Assert.Equal(0, (long)(await OutboxAsync(third.Http))["pending"]!);

        var incident = received[0].GetProperty("incidentId").GetString()!;
        var callbackId = Guid.NewGuid().ToString();
        Assert.Equal("""{"applied":true}""", (await PostStatusAsync(receiver, incident, callbackId)).GetProperty("hubAnswer").GetString());
        await third.Process.KillAsync();

        await using var fourth = await StartHubAsync();
        Assert.Equal("""{"applied":false,"reason":"replayed"}""", (await PostStatusAsync(receiver, incident, callbackId)).GetProperty("hubAnswer").GetString());
    }

    private static async Task<JsonObject> OutboxAsync(HttpClient hub)
    {
        var overview = await hub.GetFromJsonAsync<JsonObject>("/api/upstream");
        return overview!["outbox"]!["county"]!.AsObject();
    }

    private async Task<JsonElement> PostStatusAsync(ReceiverProcess receiver, string incident, string callbackId)
    {
        using var response = await _http.PostAsJsonAsync(new Uri(receiver.BaseUri, "api/status"), new { incidentId = incident, status = "accepted", callbackId });
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<ReceiverProcess> StartReceiverAsync() =>
        ReceiverProcess.StartAsync(_directory.Combine("receiver"), new Dictionary<string, string>
        {
            [$"Keys:{ForwardingFixture.HubKeyId}"] = Convert.ToBase64String(ForwardingFixture.HubSecret),
            ["Hub:StatusUrl"] = $"http://127.0.0.1:{_hubPort}/api/upstream/status",
            ["Hub:KeyId"] = ForwardingFixture.CentreKeyId,
            ["Hub:Secret"] = Convert.ToBase64String(ForwardingFixture.CentreSecret),
        }, _receiverPort);

    private async Task<RunningHub> StartHubAsync()
    {
        var process = ServiceProcess.StartDotnet(
            RepositoryLayout.HubDll,
            [
                "--urls", $"http://127.0.0.1:{_hubPort}",
                $"--Hub:Mqtt:Port={_broker.Port}",
                .. _storage,
                DemoSite.HubArgument,
                $"--Hub:Upstreams:county:Endpoint=http://127.0.0.1:{_receiverPort}/api/records",
                $"--Hub:Upstreams:county:KeyId={ForwardingFixture.HubKeyId}",
                $"--Hub:Upstreams:county:Secret={Convert.ToBase64String(ForwardingFixture.HubSecret)}",
                $"--Hub:Upstreams:county:CentreKeys:{ForwardingFixture.CentreKeyId}={Convert.ToBase64String(ForwardingFixture.CentreSecret)}",
                "--Hub:Upstreams:county:Types=security.door_forced_open",
                "--Hub:Upstreams:county:RetryInitialDelay=00:00:00.200",
                "--Hub:Upstreams:county:RetryMaximumDelay=00:00:00.500",
                // A killed hub's claims lapse after twice this; the test's restarts must not wait that long.
                "--Hub:Upstreams:county:RequestTimeout=00:00:01",
                "--Hub:Forwarding:PollInterval=00:00:00.100",
            ],
            _directory.Path);
        try
        {
            await process.WaitForOutputAsync("EdgeSecurity hub listening on", StartTimeout);
            return new RunningHub(process, await DemoSite.SignInAsync(new Uri($"http://127.0.0.1:{_hubPort}")));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    private sealed record RunningHub(ServiceProcess Process, HttpClient Http) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await Process.DisposeAsync();
        }
    }
}

public sealed class ForwardingCrashTestsOnSqlite : ForwardingCrashTests
{
    protected override Task<IReadOnlyList<string>> StorageSettingsAsync(string sqlitePath) =>
        Task.FromResult<IReadOnlyList<string>>([$"--Hub:Storage:SqlitePath={sqlitePath}"]);
}

public sealed class ForwardingCrashTestsOnPostgres : ForwardingCrashTests
{
    private PostgresServer? _postgres;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_postgres is not null)
            await _postgres.DisposeAsync();
    }

    protected override async Task<IReadOnlyList<string>> StorageSettingsAsync(string sqlitePath)
    {
        _postgres = await PostgresServer.StartAsync();
        return [.. await _postgres.HubSettingsAsync(), $"--Hub:Storage:SqlitePath={sqlitePath}"];
    }
}
