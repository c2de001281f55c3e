using EdgeSecurity.Agent.Gateway;
using EdgeSecurity.Agent.Tests.Support;
using EdgeSecurity.Bindings.Mosquitto;
using EdgeSecurity.Contract;
using EdgeSecurity.Testing;
using Xunit.Abstractions;
using static EdgeSecurity.Agent.Tests.Support.TestAgentConfig;

namespace EdgeSecurity.Agent.Tests;

/// <summary>The agent's host in process against a real mosquitto, observed the way the hub observes it.</summary>
public sealed class AgentWithBrokerTests(ITestOutputHelper output)
{
    private static readonly string EventTopic = Topics.Events(Community, GatewayId, Door);
    private static readonly string StateTopic = Topics.State(Community, GatewayId, Door);

    [Fact]
    public async Task The_agent_goes_online_reports_a_forced_opening_and_goes_offline_when_stopped()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var directory = new TempDirectory();
        await using var hub = await MqttProbe.SubscribeAsync(broker, AllTopics);
        await using var agent = await RunningAgent.StartAsync(TestAgentConfig.Load(broker, directory), output);

        var online = Status(await hub.StatusAsync(GatewayState.Online));
        Assert.Equal(AgentVersion.Current, online.AgentVersion);
        Assert.StartsWith("0.1.0", online.AgentVersion, StringComparison.Ordinal);
        await MqttProbe.RetainedAsync(broker, StatusTopic, m => IsStatus(m, GatewayState.Online));

        await using var control = await ControlClient.ConnectAsync(agent.Config.ControlSocketPath);
        var before = DateTimeOffset.UtcNow;
        var answer = await control.AskAsync("open door-1");
        Assert.StartsWith("ok door-1 open; forced opening reported as event ", answer, StringComparison.Ordinal);

        var message = await hub.WaitForAsync(m => m.Topic == EventTopic, "a door event");
        Assert.Equal(MqttQos.AtLeastOnce, message.Qos);
        var read = ContractReader.ReadEvent(MqttProbe.ContractTopicOf(message)!, message.Payload);
        Assert.True(read.IsAccepted, read.Rejection?.ToString());
        var forced = read.Value!;
        Assert.Equal(EventTypes.DoorForcedOpen, forced.Type);
        Assert.Equal(WarningLevel.Warning, forced.Level);
        Assert.Equal((GatewayId, Door), (forced.GatewayId, forced.DeviceId));
        Assert.Equal(new Place(Community, "grid-7", "3", "2", "1"), forced.Place);
        Assert.Equal(7, forced.EventId.Version);
        Assert.EndsWith(forced.EventId.ToString(), answer, StringComparison.Ordinal);
        Assert.InRange(forced.OccurredAt, before, DateTimeOffset.UtcNow);
        Assert.InRange(forced.PublishedAt, forced.OccurredAt, DateTimeOffset.UtcNow);
        Assert.Equal("3号楼2单元门", forced.Attributes!["doorName"]);

        await hub.WaitForAsync(m => IsDoorState(m, "open"), "the open state");
        await MqttProbe.RetainedAsync(broker, StateTopic, m => IsDoorState(m, "open"));

        await agent.StopAsync();

        await hub.StatusAsync(GatewayState.Offline);
        await MqttProbe.RetainedAsync(broker, StatusTopic, m => IsStatus(m, GatewayState.Offline));
    }

    [Fact]
    public async Task The_agent_starts_without_the_broker_and_delivers_what_happened_meanwhile()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var directory = new TempDirectory();
        await using var hub = await MqttProbe.SubscribeAsync(broker, AllTopics, persistentSession: true);
        await broker.StopAsync();
        await using var agent = await RunningAgent.StartAsync(TestAgentConfig.Load(broker, directory), output);
        await using var control = await ControlClient.ConnectAsync(agent.Config.ControlSocketPath);

        Assert.Equal("ok gateway gw-test broker disconnected; outbox: 0 events, 1 states, 0 telemetry waiting; doors: door-1 closed armed; mode normal", await control.AskAsync("status"));
        Assert.StartsWith("ok door-1 open; forced opening reported as event ", await control.AskAsync("open door-1"), StringComparison.Ordinal);
        await broker.RestartAsync();

        await hub.StatusAsync(GatewayState.Online);
        var message = await hub.WaitForAsync(m => m.Topic == EventTopic, "the forced opening");
        Assert.Equal(EventTypes.DoorForcedOpen, ContractReader.ReadEvent(MqttProbe.ContractTopicOf(message)!, message.Payload).Value?.Type);
        Assert.StartsWith("ok gateway gw-test broker connected", await control.AskAsync("status"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_agent_sends_heartbeats_and_reports_a_door_held_open()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var directory = new TempDirectory();
        await using var hub = await MqttProbe.SubscribeAsync(broker, AllTopics);
        await using var agent = await RunningAgent.StartAsync(TestAgentConfig.Load(broker, directory), output);
        await using var control = await ControlClient.ConnectAsync(agent.Config.ControlSocketPath);
        await hub.StatusAsync(GatewayState.Online);

        Assert.StartsWith("ok", await control.AskAsync("release door-1"), StringComparison.Ordinal);
        Assert.Equal("ok door-1 open", await control.AskAsync("open door-1"));

        var heldOpen = await hub.WaitForAsync(m => m.Topic == EventTopic, "the held-open event");
        Assert.Equal(EventTypes.DoorHeldOpen, ContractReader.ReadEvent(MqttProbe.ContractTopicOf(heldOpen)!, heldOpen.Payload).Value?.Type);

        var heartbeatMessage = await hub.WaitForAsync(m => MqttProbe.ContractTopicOf(m)?.Kind == TopicKind.Heartbeat, "a heartbeat");
        Assert.Equal(MqttQos.AtMostOnce, heartbeatMessage.Qos);
        var heartbeat = ContractReader.ReadHeartbeat(MqttProbe.ContractTopicOf(heartbeatMessage)!, heartbeatMessage.Payload);
        Assert.True(heartbeat.IsAccepted, heartbeat.Rejection?.ToString());
        Assert.Equal(1, heartbeat.Value!.DeviceCount);
    }

    private static GatewayStatus Status(MqttMessage message)
    {
        var read = ContractReader.ReadStatus(MqttProbe.ContractTopicOf(message)!, message.Payload);
        Assert.True(read.IsAccepted, read.Rejection?.ToString());
        return read.Value!;
    }

    private static bool IsStatus(MqttMessage message, GatewayState state) =>
        message.Topic == StatusTopic && Status(message).State == state;

    private static bool IsDoorState(MqttMessage message, string state) =>
        message.Topic == StateTopic && ContractReader.ReadDeviceState(MqttProbe.ContractTopicOf(message)!, message.Payload).Value?.State == state;
}
