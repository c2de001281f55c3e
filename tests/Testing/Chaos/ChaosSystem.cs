using System.Globalization;

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

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _directory = new("edgesecurity-chaos");
    private readonly int _hubAckTimeoutSeconds;
    private readonly Dictionary<string, ServiceProcess> _agents = [];
    private MosquittoBroker _broker = null!;
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
            outbox: { hubAckTimeoutSeconds: {{_hubAckTimeoutSeconds}} }
            doors:
              - { id: {{Door}}, armed: true, heldOpenSeconds: 3600 }
            """));
        var agent = ServiceProcess.StartDotnet(RepositoryLayout.AgentDll, ["--config", config], RepositoryLayout.Root);
        _agents[gateway] = agent;
        await agent.WaitForOutputAsync("Control socket listening", StartTimeout);
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
        _directory.Dispose();
    }
}
