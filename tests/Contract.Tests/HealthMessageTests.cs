using System.Text;

namespace EdgeSecurity.Contract.Tests;

/// <summary>What the sensors issue added to version 1, additively: device health in states, gateway health in heartbeats.</summary>
public class HealthMessageTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 8, 0, 0, TimeSpan.FromHours(8));
    private static readonly ContractTopic HeartbeatTopic = new("cm-1", "gw-1", TopicKind.Heartbeat, null);
    private static readonly ContractTopic StateTopic = new("cm-1", "gw-1", TopicKind.State, "smoke-1");

    [Fact]
    public void A_device_state_with_health_round_trips_and_one_without_reads_as_before()
    {
        var state = new DeviceState("gw-1", "smoke-1", "offline", At, new DeviceHealth(false, At.AddMinutes(-2), Fault: false, LowBattery: true, BatteryVolts: 2.61));

        Assert.Equal(state, ContractReader.ReadDeviceState(StateTopic, ContractWriter.ToJson(state)).Value);
        var old = """{"v":1,"gatewayId":"gw-1","deviceId":"smoke-1","state":"normal","at":"2026-11-22T08:00:00+08:00"}""";
        var read = ContractReader.ReadDeviceState(StateTopic, Encoding.UTF8.GetBytes(old));
        Assert.True(read.IsAccepted, read.Rejection?.ToString());
        Assert.Null(read.Value!.Health);
    }

    [Fact]
    public void Health_leaves_out_what_the_device_cannot_tell()
    {
        var json = Encoding.UTF8.GetString(ContractWriter.ToJson(new DeviceState("gw-1", "smoke-1", "normal", At, new DeviceHealth(true))));

        Assert.Contains("\"health\":{\"online\":true}", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"lastSeenAt":"2026-11-22T08:00:00+08:00"}""", RejectionReason.MissingField)]
    [InlineData("""{"online":"yes"}""", RejectionReason.WrongType)]
    [InlineData("""{"online":true,"batteryVolts":-3}""", RejectionReason.InvalidField)]
    public void Bad_device_health_is_refused(string health, RejectionReason reason)
    {
        var json = $$"""{"v":1,"gatewayId":"gw-1","deviceId":"smoke-1","state":"normal","at":"2026-11-22T08:00:00+08:00","health":{{health}}}""";

        Assert.Equal(reason, ContractReader.ReadDeviceState(StateTopic, Encoding.UTF8.GetBytes(json)).Rejection?.Reason);
    }

    [Fact]
    public void A_heartbeat_with_gateway_health_round_trips_and_one_without_reads_as_before()
    {
        var heartbeat = new Heartbeat("gw-1", At, 3600, 4, new OutboxBacklog(0, 0, 0, 0, 0),
            new GatewayHealth(12.5, 512L << 20, 2048L << 20, 10L << 30, 48.3, "0.2.0"));

        Assert.Equal(heartbeat, ContractReader.ReadHeartbeat(HeartbeatTopic, ContractWriter.ToJson(heartbeat)).Value);
        var old = """{"v":1,"gatewayId":"gw-1","at":"2026-11-22T08:00:00+08:00","uptimeSeconds":1,"deviceCount":0}""";
        Assert.Null(ContractReader.ReadHeartbeat(HeartbeatTopic, Encoding.UTF8.GetBytes(old)).Value!.Gateway);
        var withoutThermalZone = new Heartbeat("gw-1", At, 1, 0, Gateway: new GatewayHealth(CpuPercent: 3));
        Assert.Equal(withoutThermalZone, ContractReader.ReadHeartbeat(HeartbeatTopic, ContractWriter.ToJson(withoutThermalZone)).Value);
    }

    [Theory]
    [InlineData("""{"cpuPercent":101}""")]
    [InlineData("""{"cpuPercent":-1}""")]
    [InlineData("""{"dataDiskFreeBytes":-1}""")]
    [InlineData("""{"agentVersion":""}""")]
    public void Bad_gateway_health_is_refused(string gateway)
    {
        var json = $$"""{"v":1,"gatewayId":"gw-1","at":"2026-11-22T08:00:00+08:00","uptimeSeconds":1,"deviceCount":0,"gateway":{{gateway}}}""";

        Assert.Equal(RejectionReason.InvalidField, ContractReader.ReadHeartbeat(HeartbeatTopic, Encoding.UTF8.GetBytes(json)).Rejection?.Reason);
    }
}
