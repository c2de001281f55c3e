using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using EdgeSecurity.Testing;

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

    public ServiceProcess Hub { get; private set; } = null!;

    public ServiceProcess Agent { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public string ControlSocket => _directory.Combine("edge/agent.sock");

    public async Task InitializeAsync()
    {
        _broker = await MosquittoBroker.StartAsync();
        var hubPort = FreeTcpPort.Next();
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{hubPort}") };

        Hub = ServiceProcess.StartDotnet(RepositoryLayout.HubDll,
        [
            "--urls", Http.BaseAddress.ToString(),
            $"--Hub:Mqtt:Port={_broker.Port}",
            $"--Hub:Storage:SqlitePath={_directory.Combine("hub/hub.db")}",
        ], RepositoryLayout.Root);
        await Eventually.TrueAsync(async () => (await Http.GetAsync(new Uri("/health", UriKind.Relative))).IsSuccessStatusCode, StartTimeout, () => Hub.Output);

        Agent = StartAgent(Gateway);
        await Eventually.TrueAsync(async () => await GatewayStateAsync(Gateway) == "online", StartTimeout, () => Agent.Output);
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
    public static async Task<string> SendControlAsync(string socketPath, string line)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadLineAsync() ?? "";
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
    }

    /// <summary>After <see cref="DisposeAsync"/>: xunit disposes a fixture in both ways.</summary>
    public void Dispose() => _directory.Dispose();
}
