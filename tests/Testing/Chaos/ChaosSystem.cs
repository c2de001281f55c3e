using System.Globalization;
using System.Text.Json.Nodes;

namespace EdgeSecurity.Testing.Chaos;

/// <summary>
/// A broker, the hub process and several agent processes, each of which can be SIGKILLed and started again on the same
/// port, database, outbox and session, as after a power cut. The hub keeps a stable MQTT client id, so a restarted hub
/// resumes the broker session that queued its alarms meanwhile.
/// </summary>
public sealed class ChaosSystem : IAsyncDisposable
{
    public const string Community = "cm-chaos";
    public const string Door = "door-chaos";
    public const string Detector = "smoke-chaos";

    /// <summary>The outbox quota of the first agent, which the flood overruns.</summary>
    public const int FloodedOutboxMegabytes = 1;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _directory = new("edgesecurity-chaos");
    private readonly int _hubAckTimeoutSeconds;
    private readonly Dictionary<string, ServiceProcess> _agents = [];
    private MosquittoBroker _broker = null!;
    private InfluxServer _influx = null!;
    private readonly Uri _hubUrl;
    private ServiceProcess? _hub;

    private ChaosSystem(int agents, int hubAckTimeoutSeconds)
    {
        _hubAckTimeoutSeconds = hubAckTimeoutSeconds;
        Gateways = [.. Enumerable.Range(1, agents).Select(i => $"gw-chaos-{i}")];
        _hubUrl = new Uri($"http://127.0.0.1:{FreeTcpPort.Next()}");
    }

    public IReadOnlyList<string> Gateways { get; }

    /// <summary>Signed in as the demo admin once the hub first started; the session survives hub restarts.</summary>
    public HttpClient Http { get; private set; } = null!;

    public static async Task<ChaosSystem> StartAsync(int agents, int hubAckTimeoutSeconds)
    {
        var system = new ChaosSystem(agents, hubAckTimeoutSeconds);
        try
        {
            system._broker = await MosquittoBroker.StartAsync();
            system._influx = await InfluxServer.StartAsync();
            await system.StartHubAsync();
            system.Http = await DemoSite.SignInAsync(system._hubUrl);
            foreach (var gateway in system.Gateways)
                await system.StartAgentAsync(gateway);
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    public string ControlSocketOf(string gateway) => _directory.Combine($"{gateway}/agent.sock");

    public async Task KillBrokerAsync() => await _broker.KillAsync();

    /// <summary>A clean stop (SIGTERM): the broker saves its sessions, as in a maintenance window or a network outage.</summary>
    public async Task StopBrokerAsync() => await _broker.StopAsync();

    public async Task StartBrokerAsync() => await _broker.RestartAsync();

    public async Task KillHubAsync()
    {
        if (_hub is not null)
            await _hub.DisposeAsync();
        _hub = null;
    }

    public async Task StartHubAsync()
    {
        _hub = ServiceProcess.StartDotnet(RepositoryLayout.HubDll,
        [
            "--urls", _hubUrl.ToString(),
            DemoSite.HubArgument,
            $"--Hub:Mqtt:Port={_broker.Port}",
            "--Hub:Mqtt:ClientId=hub-chaos",
            "--Hub:Mqtt:SessionExpiry=01:00:00",
            "--Hub:Mqtt:ReconnectMaxDelay=00:00:01",
            $"--Hub:Storage:SqlitePath={_directory.Combine("hub/hub.db")}",
            $"--Hub:Telemetry:Url={_influx.Url}",
            // The flood sends points of one device less than a millisecond apart; at millisecond precision InfluxDB
            // would keep one of each pair with the same timestamp and tags.
            "--Hub:Telemetry:Precision=Nanoseconds",
        ], RepositoryLayout.Root);
        await _hub.WaitForOutputAsync("EdgeSecurity hub listening on", StartTimeout);
    }

    public async Task KillAgentAsync(string gateway)
    {
        if (_agents.Remove(gateway, out var agent))
            await agent.DisposeAsync();
    }

    public async Task StartAgentAsync(string gateway)
    {
        var directory = _directory.Combine(gateway);
        Directory.CreateDirectory(directory);
        var config = Path.Combine(directory, "agent.yaml");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $$"""
            gateway: { id: {{gateway}}, community: {{Community}}, grid: grid-chaos }
            broker: { host: 127.0.0.1, port: {{_broker.Port}}, keepAliveSeconds: 5 }
            heartbeatSeconds: 5
            dataDirectory: {{directory}}
            outbox: { hubAckTimeoutSeconds: {{_hubAckTimeoutSeconds}}, maxMegabytes: {{(gateway == Gateways[0] ? FloodedOutboxMegabytes : 64)}} }
            doors:
              - { id: {{Door}}, armed: true, heldOpenSeconds: 3600 }
            smokeDetectors:
              - { id: {{Detector}}, source: simulated }
            """));
        var agent = ServiceProcess.StartDotnet(RepositoryLayout.AgentDll, ["--config", config], RepositoryLayout.Root);
        _agents[gateway] = agent;
        await agent.WaitForOutputAsync("Control socket listening", StartTimeout);
    }

    /// <summary>The seq field of every telemetry point of the simulated detectors that InfluxDB holds, per gateway.</summary>
    public async Task<List<(string Gateway, long Seq)>> StoredTelemetryAsync()
    {
        var query = Uri.EscapeDataString($"SELECT \"seq\", \"gateway\" FROM \"device\" WHERE \"community\" = '{Community}' AND \"device\" = '{Detector}'");
        var answer = JsonNode.Parse(await Http.GetStringAsync(new Uri(_influx.Url, $"query?db=edgesecurity&q={query}")))!;
        if (answer["results"]![0]!["series"]?[0] is not { } series)
            return [];
        var columns = series["columns"]!.AsArray().Select(c => (string)c!).ToList();
        var seq = columns.IndexOf("seq");
        var gateway = columns.IndexOf("gateway");
        return [.. series["values"]!.AsArray().Select(row => ((string)row![gateway]!, (long)(double)row[seq]!))];
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        foreach (var agent in _agents.Values)
            await agent.DisposeAsync();
        if (_hub is not null)
            await _hub.DisposeAsync();
        if (_broker is not null)
            await _broker.DisposeAsync();
        if (_influx is not null)
            await _influx.DisposeAsync();
        _directory.Dispose();
    }
}
