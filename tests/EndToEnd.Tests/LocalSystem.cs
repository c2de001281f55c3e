using System.Globalization;
using System.Text.Json.Nodes;

namespace EdgeSecurity.EndToEnd.Tests;

/// <summary>
/// The system as ./run.sh starts it, on free loopback ports and temp directories:
/// a real mosquitto, the hub process and an edge agent process with simulated doors.
/// </summary>
public sealed class LocalSystem : IAsyncLifetime, IDisposable
{
    public const string Community = "cm-e2e";
    public const string Gateway = "gw-e2e-01";
    public const string ForcedDoor = "door-b1-u1";
    public const string HeldDoor = "door-b1-fire";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _directory = new("edgesecurity-e2e");
    private MosquittoBroker? _broker;
    private InfluxServer? _influx;

    public ServiceProcess Hub { get; private set; } = null!;

    public ServiceProcess Agent { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public string ControlSocket => _directory.Combine("edge/agent.sock");

    public async Task InitializeAsync()
    {
        _broker = await MosquittoBroker.StartAsync();
        _influx = await InfluxServer.StartAsync();
        var hubPort = FreeTcpPort.Next();
        var hubUrl = new Uri($"http://127.0.0.1:{hubPort}");

        Hub = ServiceProcess.StartDotnet(RepositoryLayout.HubDll,
        [
            "--urls", hubUrl.ToString(),
            DemoSite.HubArgument,
            $"--Hub:Mqtt:Port={_broker.Port}",
            $"--Hub:Storage:SqlitePath={_directory.Combine("hub/hub.db")}",
            $"--Hub:Telemetry:Url={_influx.Url}",
        ], RepositoryLayout.Root);
        await Hub.WaitForOutputAsync("EdgeSecurity hub listening on", StartTimeout);
        Http = await DemoSite.SignInAsync(hubUrl);

        Agent = StartAgent(Gateway);
        await Poll.UntilAsync(() => GatewayStateAsync(Gateway), state => state == "online", $"{Gateway} to be online", StartTimeout);
    }

    public ServiceProcess StartAgent(string gatewayId)
    {
        var edgeDirectory = _directory.Combine(gatewayId == Gateway ? "edge" : $"edge-{gatewayId}");
        Directory.CreateDirectory(edgeDirectory);
        var configPath = Path.Combine(edgeDirectory, "agent.yaml");
        File.WriteAllText(configPath, string.Create(CultureInfo.InvariantCulture, $$"""
            gateway: { id: {{gatewayId}}, community: {{Community}}, grid: grid-e2e }
            broker: { host: 127.0.0.1, port: {{_broker!.Port}}, keepAliveSeconds: 5 }
            heartbeatSeconds: 5
            dataDirectory: {{edgeDirectory}}
            doors:
              - { id: {{ForcedDoor}}, name: 1号楼1单元门, place: { building: "1", unit: "1", floor: "1" }, armed: true, releaseWindowSeconds: 10, heldOpenSeconds: 600 }
              - { id: {{HeldDoor}}, name: 1号楼消防门, place: { building: "1", floor: "1" }, armed: false, heldOpenSeconds: 5 }
            """));
        return ServiceProcess.StartDotnet(RepositoryLayout.AgentDll, ["--config", configPath], RepositoryLayout.Root);
    }

    /// <summary>What an operator does with socat: one line in, one line of answer out.</summary>
    public async Task<string> SendControlAsync(string line)
    {
        await using var client = await ControlClient.ConnectAsync(ControlSocket);
        return await client.AskAsync(line);
    }

    /// <summary>The points the hub has written to InfluxDB for one measurement and gateway, each as column → value.</summary>
    public async Task<IReadOnlyList<Dictionary<string, JsonNode?>>> TimeSeriesAsync(string measurement, string gatewayId)
    {
        var query = Uri.EscapeDataString($"SELECT * FROM \"{measurement}\" WHERE \"gateway\" = '{gatewayId}'");
        var answer = JsonNode.Parse(await Http.GetStringAsync(new Uri(_influx!.Url, $"query?db=edgesecurity&q={query}")))!;
        if (answer["results"]![0]!["series"]?[0] is not { } series)
            return [];
        var columns = series["columns"]!.AsArray().Select(c => (string)c!).ToList();
        return series["values"]!.AsArray()
            .Select(row => columns.Select((name, i) => (name, value: row![i]?.DeepClone())).ToDictionary(c => c.name, c => c.value))
            .ToList();
    }

    public async Task<string?> GatewayStateAsync(string gatewayId)
    {
        var gateways = JsonNode.Parse(await Http.GetStringAsync(new Uri("/api/gateways", UriKind.Relative)))!.AsArray();
        return (string?)gateways.FirstOrDefault(g => (string?)g!["gatewayId"] == gatewayId)?["state"];
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Agent.DisposeAsync();
        await Hub.DisposeAsync();
        if (_broker is not null)
            await _broker.DisposeAsync();
        if (_influx is not null)
            await _influx.DisposeAsync();
    }

    /// <summary>After <see cref="DisposeAsync"/>: xunit disposes a fixture in both ways.</summary>
    public void Dispose() => _directory.Dispose();
}
