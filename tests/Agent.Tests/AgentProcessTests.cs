using System.Diagnostics;
using EdgeSecurity.Agent.Gateway;
using EdgeSecurity.Agent.Tests.Support;
using EdgeSecurity.Contract;
using EdgeSecurity.Testing;
using static EdgeSecurity.Agent.Tests.Support.TestAgentConfig;

namespace EdgeSecurity.Agent.Tests;

/// <summary>The agent as operators run it: <c>dotnet EdgeSecurity.Agent.dll --config ...</c>, stopped by signals.</summary>
public sealed class AgentProcessTests
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_bad_config_lists_every_error_and_exits_with_code_2()
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("agent.yaml");
        await File.WriteAllTextAsync(path, "gateway:\n  id: gw 1\n  community: cm-1\nbroker:\n  host: 127.0.0.1\n  prot: 1883\n");

        var (exitCode, output) = await RunToEndAsync("--config", path);

        Assert.Equal(2, exitCode);
        Assert.Contains($"the config {path} has 2 error(s):", output, StringComparison.Ordinal);
        Assert.Contains($"{path}:2:7: gateway.id: 'gw 1' is not a valid id;", output, StringComparison.Ordinal);
        Assert.Contains($"{path}:6:3: broker.prot: unknown key 'prot' (did you mean 'port'?);", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_config_file_exits_with_code_2()
    {
        using var directory = new TempDirectory();

        var (exitCode, output) = await RunToEndAsync("--config", directory.Combine("absent.yaml"));

        Assert.Equal(2, exitCode);
        Assert.Contains("absent.yaml: file not found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_argument_exits_with_code_2_and_the_usage()
    {
        var (exitCode, output) = await RunToEndAsync("--conifg", "agent.yaml");

        Assert.Equal(2, exitCode);
        Assert.Contains("unknown argument '--conifg'", output, StringComparison.Ordinal);
        Assert.Contains("usage: dotnet EdgeSecurity.Agent.dll [--config <path.yaml>]", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_stops_the_agent_gracefully_with_a_retained_offline_status()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var directory = new TempDirectory();
        await using var hub = await MqttProbe.SubscribeAsync(broker, AllTopics);
        await using var agent = ServiceProcess.StartDotnet(RepositoryLayout.AgentDll, ["--config", Write(broker, directory)], directory.Path);

        await agent.WaitForOutputAsync(
            $"Edge agent {AgentVersion.Current} starting: gateway gw-test (community cm-test), broker 127.0.0.1:{broker.Port}, "
            + $"control socket {directory.Combine("agent.sock")}, 1 door(s)",
            ProcessTimeout);
        await hub.StatusAsync(GatewayState.Online);

        Assert.Equal(0, await agent.StopAsync(ProcessTimeout));

        await hub.StatusAsync(GatewayState.Offline);
        await MqttProbe.RetainedAsync(broker, StatusTopic, m => IsOffline(m));
        Assert.False(File.Exists(directory.Combine("agent.sock")));
    }

    [Fact]
    public async Task After_a_crash_the_last_will_says_offline_and_a_restarted_agent_takes_over_the_stale_socket()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var directory = new TempDirectory();
        var config = Write(broker, directory);
        var socket = directory.Combine("agent.sock");
        await using var hub = await MqttProbe.SubscribeAsync(broker, AllTopics);
        await using (var crashing = ServiceProcess.StartDotnet(RepositoryLayout.AgentDll, ["--config", config], directory.Path))
        {
            await hub.StatusAsync(GatewayState.Online);
            await crashing.KillAsync();
        }

        await hub.StatusAsync(GatewayState.Offline);
        Assert.True(File.Exists(socket), "SIGKILL should leave the socket file behind");

        await using var restarted = ServiceProcess.StartDotnet(RepositoryLayout.AgentDll, ["--config", config], directory.Path);
        await restarted.WaitForOutputAsync("Replaced the stale control socket", ProcessTimeout);
        await restarted.WaitForOutputAsync("Published online status", ProcessTimeout);
        await using var control = await ControlClient.ConnectAsync(socket);
        Assert.StartsWith("ok gateway gw-test broker connected", await control.AskAsync("status"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_agent_for_the_same_gateway_stops_before_touching_the_broker()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var directory = new TempDirectory();
        var config = Write(broker, directory);
        await using var hub = await MqttProbe.SubscribeAsync(broker, AllTopics);
        await using var first = ServiceProcess.StartDotnet(RepositoryLayout.AgentDll, ["--config", config], directory.Path);
        await hub.StatusAsync(GatewayState.Online);

        var (exitCode, output) = await RunToEndAsync("--config", config);

        Assert.Equal(1, exitCode);
        Assert.Contains($"edge agent: cannot start: the control socket {directory.Combine("agent.sock")} is in use", output, StringComparison.Ordinal);
        Assert.DoesNotContain("MQTT client", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        await using var control = await ControlClient.ConnectAsync(directory.Combine("agent.sock"));
        Assert.StartsWith("ok gateway gw-test broker connected", await control.AskAsync("status"), StringComparison.Ordinal);
        Assert.DoesNotContain("Disconnected from the broker", first.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gpio_door_on_a_line_that_does_not_exist_is_reported_and_the_other_doors_run_on()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var directory = new TempDirectory();
        var config = Write(broker, directory);
        await File.WriteAllTextAsync(config, (await File.ReadAllTextAsync(config)).Replace("doors:\n", "doors:\n  - { id: door-gpio, source: gpio, chip: gpiochip9, line: 17, releaseLine: \"22\" }\n", StringComparison.Ordinal));
        await using var hub = await MqttProbe.SubscribeAsync(broker, AllTopics);
        await using var agent = ServiceProcess.StartDotnet(RepositoryLayout.AgentDll, ["--config", config], directory.Path);

        var offline = await hub.WaitForAsync(m => m.Topic == Topics.Events(Community, GatewayId, "door-gpio"), "the door's health event");
        var health = ContractReader.ReadEvent(MqttProbe.ContractTopicOf(offline)!, offline.Payload).Value!;
        Assert.Equal((EventTypes.SensorOffline, "line_unavailable"), (health.Type, health.Attributes!["reason"]));
        Assert.Contains("GPIO chip 'gpiochip9' was not found", health.Attributes["error"], StringComparison.Ordinal);
        await agent.WaitForOutputAsync("Door door-gpio is out of service: GPIO chip 'gpiochip9' was not found", ProcessTimeout);

        await using var control = await ControlClient.ConnectAsync(directory.Combine("agent.sock"));
        Assert.StartsWith("ok door-1 open; forced opening reported as event", await control.AskAsync("open door-1"), StringComparison.Ordinal);
        Assert.Contains("doors: door-gpio closed out-of-service, door-1 open armed", await control.AskAsync("status"), StringComparison.Ordinal);
        Assert.Equal(0, await agent.StopAsync(ProcessTimeout));
    }

    private static bool IsOffline(Bindings.Mosquitto.MqttMessage message) =>
        ContractReader.ReadStatus(MqttProbe.ContractTopicOf(message)!, message.Payload).Value?.State == GatewayState.Offline;

    /// <summary>Runs the agent until it exits by itself; stdout and stderr together.</summary>
    private static async Task<(int ExitCode, string Output)> RunToEndAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(RepositoryLayout.AgentDll);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(ProcessTimeout);
            return (process.ExitCode, await stdout + await stderr);
        }
        finally
        {
            if (!process.HasExited)
                process.Kill();
        }
    }
}
