using EdgeSecurity.Agent.Tests.Support;
using EdgeSecurity.Bindings.Mosquitto;
using EdgeSecurity.Contract;
using EdgeSecurity.Testing;
using static EdgeSecurity.Agent.Tests.Support.TestAgentConfig;

namespace EdgeSecurity.Agent.Tests;

/// <summary>
/// The installer's dry run with real processes: the agent (dotnet EdgeSecurity.Agent.dll) polls the smoke-detector
/// simulator (hardware/SmokeDetectorSimulator) over a socat pty pair, driven through the simulator's stdin.
/// </summary>
public sealed class SensorProcessTests
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_agent_process_reports_what_the_simulator_process_is_told()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var directory = new TempDirectory();
        await using var cable = await SocatPtyPair.StartAsync();
        await using var simulator = ServiceProcess.StartDotnet(RepositoryLayout.SmokeDetectorSimulatorDll,
            ["--line", cable.PathB, "--device", $"3={SimulatedDetectorBus.SmokeProfile}"], RepositoryLayout.Root);
        Assert.StartsWith("ready:", await simulator.ReadLineAsync(ProcessTimeout), StringComparison.Ordinal);
        await using var hub = await MqttProbe.SubscribeAsync(broker, AllTopics);
        var config = Write(broker, directory, $$"""
            rs485Buses:
              - id: bus-1
                port: {{cable.PathA}}
                pollMilliseconds: 200
                devices:
                  - { id: smoke-3, slaveId: 3, profile: {{SimulatedDetectorBus.SmokeProfile}} }
            """);
        await using var agent = ServiceProcess.StartDotnet(RepositoryLayout.AgentDll, ["--config", config], directory.Path);
        await agent.WaitForOutputAsync("1 RS-485 bus(es)", ProcessTimeout);
        await hub.WaitForAsync(m => m.Topic == Topics.State(Community, GatewayId, "smoke-3"), "the detector's state");

        await simulator.WriteLineAsync("alarm 3 on");
        Assert.Equal("ok: slave 3 alarm active", await simulator.ReadLineAsync(ProcessTimeout));
        var alarm = await hub.WaitForAsync(m => m.Topic == Topics.Events(Community, GatewayId, "smoke-3"), "the smoke alarm");
        Assert.Equal(EventTypes.SmokeAlarm, ContractReader.ReadEvent(MqttProbe.ContractTopicOf(alarm)!, alarm.Payload).Value?.Type);
        Assert.Equal(MqttQos.AtLeastOnce, alarm.Qos);
    }
}
