using System.Text.Json.Nodes;
using EdgeSecurity.Agent.Publishing;
using EdgeSecurity.Agent.Tests.Support;
using EdgeSecurity.Bindings.Mosquitto;
using EdgeSecurity.Contract;
using EdgeSecurity.Testing;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;
using static EdgeSecurity.Agent.Tests.Support.TestAgentConfig;

namespace EdgeSecurity.Agent.Tests;

/// <summary>The durable outbox inside the agent's real host, against a real mosquitto that the tests take away and bring back.</summary>
public sealed class OutboxDeliveryTests(ITestOutputHelper output)
{
    private const string Meter = "meter-1";
    private static readonly string EventTopic = Topics.Events(Community, GatewayId, Door);

    [Fact]
    public async Task Events_written_while_the_broker_is_down_are_all_delivered_in_order_after_it_comes_up()
    {
        const int openings = 50;
        await using var broker = await MosquittoBroker.StartAsync();
        using var directory = new TempDirectory();
        await using var hub = await MqttProbe.SubscribeAsync(broker, AllTopics, persistentSession: true);
        await broker.StopAsync();
        await using var agent = await RunningAgent.StartAsync(TestAgentConfig.Load(broker, directory), output);
        await using var control = await ControlClient.ConnectAsync(agent.Config.ControlSocketPath);

        var sent = new List<Guid>();
        for (var i = 0; i < openings; i++)
        {
            sent.Add(OutboxAnswers.EventIdIn(await control.AskAsync("open door-1")));
            await control.AskAsync("close door-1");
        }
        Assert.Equal($"ok gateway gw-test broker disconnected; outbox: {openings} events, {2 * openings + 1} states, 0 telemetry waiting; doors: door-1 closed armed; mode normal",
            await control.AskAsync("status"));
        await broker.RestartAsync();

        await OutboxAnswers.WaitUntilEmptyAsync(control);
        Assert.Equal(sent, FirstArrivals(hub, EventTopic, m => ContractReader.EventIdOf(m.Payload)!.Value));
        var states = FirstArrivals(hub, Topics.State(Community, GatewayId, Door), m => ReadState(m));
        Assert.Equal(2 * openings + 1, states.Count);
        Assert.Equal(states.OrderBy(s => s.At).ToList(), states);
    }

    [Fact]
    public async Task A_new_alarm_overtakes_a_large_backlog_of_telemetry_and_states()
    {
        const int points = 2000;
        const int states = 300;
        await using var broker = await MosquittoBroker.StartAsync();
        using var directory = new TempDirectory();
        await using var hub = await MqttProbe.SubscribeAsync(broker, AllTopics, persistentSession: true);
        await broker.StopAsync();
        await using var agent = await RunningAgent.StartAsync(TestAgentConfig.Load(broker, directory), output);
        var at = DateTimeOffset.UtcNow;
        for (var i = 0; i < points; i++)
            agent.Publisher.PublishTelemetry(Meter, new Dictionary<string, double> { ["n"] = i }, at.AddMilliseconds(i));
        for (var i = 0; i < states; i++)
            agent.Publisher.PublishState("valve-1", i % 2 == 0 ? "open" : "closed", at.AddMilliseconds(i));
        await using var control = await ControlClient.ConnectAsync(agent.Config.ControlSocketPath);
        var alarm = OutboxAnswers.EventIdIn(await control.AskAsync("open door-1"));

        await broker.RestartAsync();

        await OutboxAnswers.WaitUntilEmptyAsync(control);
        // The outbox lets go at the broker's PUBACK, which can come before the broker has handed the last points on.
        await hub.WaitForAsync(m => m.Topic == Topics.Telemetry(Community, GatewayId, Meter) && (int)ReadTelemetry(m).Values["n"] == points - 1, "the last telemetry point");
        var delivered = hub.Received.Where(m => MqttProbe.ContractTopicOf(m)?.Kind is TopicKind.Events or TopicKind.State or TopicKind.Telemetry).ToList();
        Assert.Equal(alarm, ContractReader.EventIdOf(delivered[0].Payload));
        var telemetry = FirstArrivals(hub, Topics.Telemetry(Community, GatewayId, Meter), m => (int)ReadTelemetry(m).Values["n"]);
        Assert.Equal(Enumerable.Range(0, points), telemetry);
        Assert.Equal(states, FirstArrivals(hub, Topics.State(Community, GatewayId, "valve-1"), m => ReadState(m).At).Count);
        var firstTelemetry = delivered.FindIndex(m => MqttProbe.ContractTopicOf(m)!.Kind == TopicKind.Telemetry);
        Assert.True(delivered.Take(firstTelemetry).Count(m => MqttProbe.ContractTopicOf(m)!.Kind == TopicKind.State) >= states,
            "every state went out before the first telemetry point");
    }

    [Fact]
    public async Task When_the_quota_is_full_telemetry_is_thinned_and_counted_and_alarms_are_all_kept()
    {
        const int points = 6000;
        const int alarms = 4000;
        await using var broker = await MosquittoBroker.StartAsync();
        using var directory = new TempDirectory();
        await using var hub = await MqttProbe.SubscribeAsync(broker, AllTopics, persistentSession: true);
        await broker.StopAsync();
        await using var agent = await RunningAgent.StartAsync(TestAgentConfig.Load(broker, directory, "outbox: { maxMegabytes: 1 }"), output);
        var at = DateTimeOffset.UtcNow;
        string[] meters = ["meter-1", "meter-2"];
        for (var i = 0; i < points; i++)
            agent.Publisher.PublishTelemetry(meters[i % 2], new Dictionary<string, double> { ["n"] = i }, at.AddMilliseconds(i));
        var thinnedByTelemetry = agent.Outbox.Backlog().ThinnedTelemetry;
        var sent = Enumerable.Range(0, alarms)
            .Select(i => agent.Publisher.PublishEvent(new Detection("smoke-1", new Place(Community), EventTypes.SmokeAlarm, at.AddMilliseconds(i))))
            .ToList();

        var full = agent.Outbox.Backlog();
        Assert.InRange(thinnedByTelemetry, 1, points - 1);
        Assert.Equal(alarms, full.Events);
        Assert.Equal(points, full.Telemetry + full.ThinnedTelemetry);
        Assert.True(full.ThinnedTelemetry > thinnedByTelemetry, "alarms beyond the quota thin the telemetry further");
        Assert.True(agent.Log.Contains(LogLevel.Error, "events and states are never dropped, so it grows beyond the quota"));
        Assert.True(agent.Log.Contains(LogLevel.Warning, "reached its quota"));

        await broker.RestartAsync();
        await using var control = await ControlClient.ConnectAsync(agent.Config.ControlSocketPath);
        await OutboxAnswers.WaitUntilEmptyAsync(control);

        Assert.Equal(sent, FirstArrivals(hub, Topics.Events(Community, GatewayId, "smoke-1"), m => ContractReader.EventIdOf(m.Payload)!.Value));
        var arrived = meters.SelectMany(meter => hub.Received.Where(m => m.Topic == Topics.Telemetry(Community, GatewayId, meter)))
            .Select(m => (int)ReadTelemetry(m).Values["n"]).ToList();
        Assert.Equal(arrived.Count, arrived.Distinct().Count());
        Assert.Equal(points, arrived.Count + full.ThinnedTelemetry);
        Assert.Contains(0, arrived);
        Assert.Contains(1, arrived);
    }

    [Fact]
    public async Task An_event_the_hub_does_not_confirm_is_published_again_with_the_same_id_until_it_does()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var directory = new TempDirectory();
        await using var silentHub = await MqttProbe.SubscribeAsync(broker, EventTopic, confirmEvents: false);
        await using var agent = await RunningAgent.StartAsync(TestAgentConfig.Load(broker, directory, "outbox: { hubAckTimeoutSeconds: 1 }"), output);
        await using var control = await ControlClient.ConnectAsync(agent.Config.ControlSocketPath);

        var eventId = OutboxAnswers.EventIdIn(await control.AskAsync("open door-1"));
        await control.AskAsync("close door-1");

        await Poll.UntilAsync(() => Task.FromResult(silentHub.Received.Count(m => ContractReader.EventIdOf(m.Payload) == eventId)), n => n >= 2, "the unconfirmed event to be published again");
        Assert.StartsWith("ok gateway gw-test broker connected; outbox: 1 events", await control.AskAsync("status"), StringComparison.Ordinal);
        await using var hub = await MqttProbe.SubscribeAsync(broker, EventTopic);
        await OutboxAnswers.WaitUntilEmptyAsync(control);
        Assert.All(silentHub.Received, m => Assert.Equal(eventId, ContractReader.EventIdOf(m.Payload)));
    }

    [Fact]
    public async Task An_event_the_hub_refuses_leaves_the_outbox_with_an_error()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var directory = new TempDirectory();
        await using var hub = await MqttProbe.SubscribeAsync(broker, EventTopic, confirmEvents: false);
        await using var agent = await RunningAgent.StartAsync(TestAgentConfig.Load(broker, directory), output);
        await using var control = await ControlClient.ConnectAsync(agent.Config.ControlSocketPath);
        var eventId = OutboxAnswers.EventIdIn(await control.AskAsync("open door-1"));
        await hub.WaitForAsync(m => m.Topic == EventTopic, "the event");

        await using (var refusing = new MqttClient(new MqttClientOptions { ClientId = "refusing-hub", Host = broker.Host, Port = broker.Port }))
        {
            await refusing.ConnectAsync();
            await refusing.PublishAsync(Topics.Acks(Community, GatewayId), ContractWriter.ToJson(new EventAcks([], [new RefusedEvent(eventId, "unknown_event_type")])), MqttQos.AtLeastOnce);
        }

        await OutboxAnswers.WaitUntilEmptyAsync(control);
        Assert.True(agent.Log.Contains(LogLevel.Error, $"The hub refused event {eventId} (unknown_event_type)"));
    }

    [Fact]
    public async Task Telemetry_the_hub_has_not_confirmed_stays_in_the_outbox_across_a_restart_and_goes_again_with_the_same_ids()
    {
        const int points = 3;
        var telemetryTopic = Topics.Telemetry(Community, GatewayId, Meter);
        await using var broker = await MosquittoBroker.StartAsync();
        using var directory = new TempDirectory();
        var config = TestAgentConfig.Load(broker, directory, "outbox: { hubAckTimeoutSeconds: 600 }");
        List<Guid?> published;
        await using (var silentHub = await MqttProbe.SubscribeAsync(broker, telemetryTopic, confirmEvents: false))
        {
            await using var agent = await RunningAgent.StartAsync(config, output);
            var at = DateTimeOffset.UtcNow;
            for (var i = 0; i < points; i++)
                agent.Publisher.PublishTelemetry(Meter, new Dictionary<string, double> { ["n"] = i }, at.AddMilliseconds(i));
            await Poll.UntilAsync(() => Task.FromResult(silentHub.Received.Count), n => n >= points, "the points at the silent hub");
            published = [.. silentHub.Received.Select(m => ContractReader.TelemetryIdOf(m.Payload))];
            Assert.Equal(points, agent.Outbox.Backlog().Telemetry);
            await broker.StopAsync();
        }
        Assert.All(published, id => Assert.NotNull(id));
        Assert.Equal(points, published.Distinct().Count());

        await broker.RestartAsync();
        await using var hub = await MqttProbe.SubscribeAsync(broker, telemetryTopic);
        await using var restarted = await RunningAgent.StartAsync(config, output);
        await using var control = await ControlClient.ConnectAsync(restarted.Config.ControlSocketPath);

        await OutboxAnswers.WaitUntilEmptyAsync(control);
        Assert.True(restarted.Log.Contains(LogLevel.Information, $"and {points} telemetry points from an earlier run"));
        Assert.Equal(published, hub.Received.Select(m => ContractReader.TelemetryIdOf(m.Payload)).Distinct());
        Assert.Equal(Enumerable.Range(0, points), FirstArrivals(hub, telemetryTopic, m => (int)ReadTelemetry(m).Values["n"]));
    }

    [Fact]
    public async Task A_telemetry_point_the_hub_refuses_leaves_the_outbox_with_an_error()
    {
        var telemetryTopic = Topics.Telemetry(Community, GatewayId, Meter);
        await using var broker = await MosquittoBroker.StartAsync();
        using var directory = new TempDirectory();
        await using var hub = await MqttProbe.SubscribeAsync(broker, telemetryTopic, confirmEvents: false);
        await using var agent = await RunningAgent.StartAsync(TestAgentConfig.Load(broker, directory), output);
        await using var control = await ControlClient.ConnectAsync(agent.Config.ControlSocketPath);
        agent.Publisher.PublishTelemetry(Meter, new Dictionary<string, double> { ["n"] = 1 }, DateTimeOffset.UtcNow);
        var id = ContractReader.TelemetryIdOf((await hub.WaitForAsync(m => m.Topic == telemetryTopic, "the point")).Payload)!.Value;

        await using (var refusing = new MqttClient(new MqttClientOptions { ClientId = "refusing-hub", Host = broker.Host, Port = broker.Port }))
        {
            await refusing.ConnectAsync();
            await refusing.PublishAsync(Topics.Acks(Community, GatewayId), ContractWriter.ToJson(new EventAcks([], [new RefusedEvent(id, "invalid_field")])), MqttQos.AtLeastOnce);
        }

        await OutboxAnswers.WaitUntilEmptyAsync(control);
        Assert.True(agent.Log.Contains(LogLevel.Error, $"The hub refused telemetry point {id} (invalid_field)"));
    }

    [Fact]
    public async Task Acks_the_agent_cannot_read_are_ignored_with_the_reason_and_a_good_one_after_them_still_counts()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var directory = new TempDirectory();
        await using var silentHub = await MqttProbe.SubscribeAsync(broker, EventTopic, confirmEvents: false);
        await using var agent = await RunningAgent.StartAsync(TestAgentConfig.Load(broker, directory), output);
        await using var control = await ControlClient.ConnectAsync(agent.Config.ControlSocketPath);
        var eventId = OutboxAnswers.EventIdIn(await control.AskAsync("open door-1"));
        await silentHub.WaitForAsync(m => m.Topic == EventTopic, "the event");
        string[] bad =
        [
            "{\"v\":1,\"stored\":[",
            $"{{\"v\":2,\"stored\":[\"{eventId}\"]}}",
            "{\"v\":1,\"stored\":[\"not-a-uuid\"]}",
            "{\"v\":1}",
        ];

        await using (var hub = new MqttClient(new MqttClientOptions { ClientId = "hub-with-bad-acks", Host = broker.Host, Port = broker.Port }))
        {
            await hub.ConnectAsync();
            foreach (var payload in bad)
                await hub.PublishAsync(Topics.Acks(Community, GatewayId), System.Text.Encoding.UTF8.GetBytes(payload), MqttQos.AtLeastOnce);
            await hub.PublishAsync(Topics.Acks(Community, GatewayId), ContractWriter.ToJson(new EventAcks([eventId], [])), MqttQos.AtLeastOnce);
        }

        await OutboxAnswers.WaitUntilEmptyAsync(control);
        var ignored = agent.Log.Entries.Where(e => e.Level == LogLevel.Warning && e.Message.StartsWith($"Ignored a message on {Topics.Acks(Community, GatewayId)}: ", StringComparison.Ordinal))
            .Select(e => e.Message[(e.Message.IndexOf(": ", StringComparison.Ordinal) + 2)..]).ToList();
        Assert.Equal(4, ignored.Count);
        Assert.StartsWith("MalformedJson: malformed JSON", ignored[0], StringComparison.Ordinal);
        Assert.StartsWith("UnsupportedVersion: contract version 2", ignored[1], StringComparison.Ordinal);
        Assert.StartsWith("InvalidField: field 'stored' must hold non-empty UUIDs", ignored[2], StringComparison.Ordinal);
        Assert.StartsWith("InvalidField: fields 'stored' and 'refused' must hold 1-1000 ids together", ignored[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_the_broker_refuses_stays_in_the_outbox_without_holding_up_later_messages()
    {
        using var directory = new TempDirectory();
        var acl = directory.Combine("acl");
        // Events are denied, as a broker with a wrong ACL would do; everything else is allowed.
        await File.WriteAllTextAsync(acl, "topic readwrite es/v1/+/+/state/#\ntopic readwrite es/v1/+/+/status\ntopic read #\n");
        await using var broker = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions { ExtraConfig = [$"acl_file {acl}"] });
        await using var hub = await MqttProbe.SubscribeAsync(broker, AllTopics);
        await using var agent = await RunningAgent.StartAsync(TestAgentConfig.Load(broker, directory), output);
        await using var control = await ControlClient.ConnectAsync(agent.Config.ControlSocketPath);

        var eventId = OutboxAnswers.EventIdIn(await control.AskAsync("open door-1"));
        await control.AskAsync("close door-1");

        await hub.WaitForAsync(m => m.Topic == Topics.State(Community, GatewayId, Door) && ReadState(m).State == "closed", "the state published after the refused event");
        await Poll.UntilAsync(() => Task.FromResult(agent.Log.Contains(LogLevel.Warning, $"Publishing event {eventId} of door-1 failed (1 time(s) in a row)")), found => found, "the refusal to be logged");
        Assert.Contains("not authorized", agent.Log.Entries.First(e => e.Message.Contains("failed (1 time(s)", StringComparison.Ordinal)).Message, StringComparison.OrdinalIgnoreCase);
        await Poll.UntilAsync(() => control.AskAsync("status"), s => s.StartsWith("ok gateway gw-test broker connected; outbox: 1 events, 0 states", StringComparison.Ordinal),
            "only the refused event to be left in the outbox");
        Assert.DoesNotContain(hub.Received, m => m.Topic == EventTopic);
    }

    /// <summary>What arrived on a topic, in arrival order, without the copies a republication adds.</summary>
    private static List<T> FirstArrivals<T>(MqttProbe probe, string topic, Func<MqttMessage, T> key) =>
        [.. probe.Received.Where(m => m.Topic == topic).Select(key).Distinct()];

    private static DeviceState ReadState(MqttMessage message) =>
        ContractReader.ReadDeviceState(MqttProbe.ContractTopicOf(message)!, message.Payload).Value!;

    private static DeviceTelemetry ReadTelemetry(MqttMessage message) =>
        ContractReader.ReadDeviceTelemetry(MqttProbe.ContractTopicOf(message)!, message.Payload).Value
            ?? throw new InvalidOperationException(JsonNode.Parse(message.Payload.Span)?.ToJsonString());
}
