using EdgeSecurity.Agent.Gateway;
using EdgeSecurity.Agent.Health;
using EdgeSecurity.Agent.Tests.Support;
using EdgeSecurity.Contract;
using Xunit.Abstractions;
using static EdgeSecurity.Agent.Tests.Support.TestAgentConfig;

namespace EdgeSecurity.Agent.Tests;

/// <summary>The gateway's own health in the heartbeat: measured from this machine's /proc, and from files a test writes.</summary>
public sealed class GatewayHealthTests(ITestOutputHelper output)
{
    [Fact]
    public void This_machine_is_measured_from_proc_and_its_data_directory()
    {
        using var directory = new TempDirectory();
        var sampler = new GatewayHealthSampler(directory.Path, "/proc", "/sys/class/thermal");

        var first = sampler.Sample();
        var second = sampler.Sample();

        Assert.Null(first.CpuPercent);
        Assert.InRange(second.CpuPercent ?? 0, 0, 100);
        Assert.InRange(second.MemoryUsedBytes!.Value, 1, second.MemoryTotalBytes!.Value);
        Assert.InRange(second.DataDiskFreeBytes!.Value, 1, long.MaxValue);
        Assert.Equal(AgentVersion.Current, second.AgentVersion);
    }

    [Fact]
    public void Cpu_memory_and_the_hottest_zone_come_from_the_files_and_garbage_is_left_out()
    {
        using var directory = new TempDirectory();
        var proc = Directory.CreateDirectory(directory.Combine("proc")).FullName;
        var thermal = directory.Combine("thermal");
        foreach (var (zone, temp) in new[] { ("thermal_zone0", "45123\n"), ("thermal_zone1", "61500\n"), ("thermal_zone2", "garbage"), ("thermal_zone3", "-273000") })
            File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(thermal, zone)).FullName, "temp"), temp);
        File.WriteAllText(Path.Combine(proc, "meminfo"), "MemTotal:        2048000 kB\nMemFree:          100000 kB\nMemAvailable:     512000 kB\n");
        File.WriteAllText(Path.Combine(proc, "stat"), "cpu  100 0 100 800 0 0 0 0 0 0\ncpu0 1 2 3 4\n");
        var sampler = new GatewayHealthSampler(directory.Path, proc, thermal);
        sampler.Sample();
        File.WriteAllText(Path.Combine(proc, "stat"), "cpu  150 0 150 850 50 0 0 0 0 0\n");

        var health = sampler.Sample();

        Assert.Equal(50.0, health.CpuPercent);
        Assert.Equal((1536000L * 1024, 2048000L * 1024), (health.MemoryUsedBytes, health.MemoryTotalBytes));
        Assert.Equal(61.5, health.TemperatureCelsius);

        File.WriteAllText(Path.Combine(proc, "stat"), "not a stat file");
        File.WriteAllText(Path.Combine(proc, "meminfo"), "\0\0\0");
        var broken = new GatewayHealthSampler(directory.Combine("missing"), proc, directory.Combine("no-thermal")).Sample();
        Assert.Equal(new GatewayHealth(AgentVersion: AgentVersion.Current), broken with { DataDiskFreeBytes = null });
    }

    [Fact]
    public async Task The_heartbeat_carries_the_gateway_health_and_counts_every_device()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var directory = new TempDirectory();
        await using var hub = await MqttProbe.SubscribeAsync(broker, AllTopics);
        await using var agent = await RunningAgent.StartAsync(TestAgentConfig.Load(broker, directory, """
            smokeDetectors:
              - id: smoke-1
                source: simulated
            """), output);

        var message = await hub.WaitForAsync(m => MqttProbe.ContractTopicOf(m)?.Kind == TopicKind.Heartbeat, "a heartbeat");
        var heartbeat = ContractReader.ReadHeartbeat(MqttProbe.ContractTopicOf(message)!, message.Payload).Value!;

        Assert.Equal(2, heartbeat.DeviceCount);
        Assert.Equal(AgentVersion.Current, heartbeat.Gateway!.AgentVersion);
        Assert.NotNull(heartbeat.Gateway.MemoryTotalBytes);
        Assert.NotNull(heartbeat.Gateway.DataDiskFreeBytes);
    }
}
