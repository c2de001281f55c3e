using System.Text.Json;

namespace EdgeSecurity.Cli.Tests.Support;

/// <summary>
/// The real agent process with a simulated door and a simulated smoke detector (moved through its control socket, as
/// an installer's helper would trigger them), in a temp directory; the broker is whatever port it is given.
/// </summary>
public sealed class RunningAgent : IAsyncDisposable
{
    public const string Door = "door-1";
    public const string Smoke = "smoke-1";
    public const string Gateway = "gw-demo-01";
    public const string Community = "cm-demo";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _directory;
    private readonly ServiceProcess _process;

    private RunningAgent(TempDirectory directory, ServiceProcess process)
    {
        _directory = directory;
        _process = process;
    }

    public string ConfigPath => _directory.Combine("agent.yaml");

    public string SocketPath => _directory.Combine("agent.sock");

    public string CommissioningFile => _directory.Combine("commissioning.json");

    public TempDirectory Directory => _directory;

    /// <param name="brokerPort">A port nobody listens on leaves the agent unconnected; it serves its socket all the same.</param>
    public static async Task<RunningAgent> StartAsync(int brokerPort)
    {
        var directory = new TempDirectory();
        await File.WriteAllTextAsync(directory.Combine("agent.yaml"), $$"""
            gateway: { id: {{Gateway}}, community: {{Community}}, grid: grid-01 }
            broker: { host: 127.0.0.1, port: {{brokerPort}}, keepAliveSeconds: 5 }
            dataDirectory: {{directory.Path}}
            doors:
              - { id: {{Door}}, name: 3号楼2单元门, place: { building: "3", unit: "2" } }
            smokeDetectors:
              - { id: {{Smoke}}, name: 3号楼大堂烟感, place: { building: "3", floor: "1" }, source: simulated }
            """);
        var process = ServiceProcess.StartDotnet(RepositoryLayout.AgentDll, ["--config", directory.Combine("agent.yaml")], directory.Path);
        await process.WaitForOutputAsync("Control socket listening on", StartTimeout);
        return new RunningAgent(directory, process);
    }

    public async Task<string> AskAsync(string line)
    {
        await using var client = await ControlClient.ConnectAsync(SocketPath);
        return await client.AskAsync(line);
    }

    /// <summary>The walk test as the agent reports it (<c>ok {json}</c>).</summary>
    public async Task<JsonElement> WalkTestAsync()
    {
        var answer = await AskAsync("walktest status");
        Assert.StartsWith("ok {", answer, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(answer[3..]);
        return document.RootElement.Clone();
    }

    public JsonElement Commissioning()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(CommissioningFile));
        return document.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _directory.Dispose();
    }
}
