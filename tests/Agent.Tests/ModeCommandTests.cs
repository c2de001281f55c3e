using System.Text;
using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Agent.Modes;
using EdgeSecurity.Agent.Publishing;
using EdgeSecurity.Agent.Tests.Support;
using EdgeSecurity.Bindings.Mosquitto;
using EdgeSecurity.Contract;
using Xunit.Abstractions;
using static EdgeSecurity.Agent.Tests.Support.TestAgentConfig;

namespace EdgeSecurity.Agent.Tests;

/// <summary>The hub switches the gateway's mode (平战转换) over MQTT; the agent answers every command and refuses stale or replayed ones.</summary>
public sealed class ModeCommandTests(ITestOutputHelper output)
{
    private const string Doors = "  - id: door-1\n    armed: false\n    heldOpenSeconds: 60\n    debounceMs: 0\n";

    private const string Modes = """
        fusion:
          - { name: confirmed-fire, when: [fire.smoke_alarm, fire.visible_smoke], withinSeconds: 60, raise: fire.confirmed }
        modes:
          heightened:
            heldOpenSeconds: 10
            levels: { security.door_held_open: 2 }
            fusionWithinSeconds: { confirmed-fire: 300 }
          emergency:
            armAllDoors: true
            levels: { security.door_forced_open: 3 }
        commands:
          maxAgeSeconds: 60
        """;

    private static readonly string CommandTopic = Topics.Commands(Community, GatewayId, GatewayId);
    private static readonly string ResultTopic = Topics.CommandResults(Community, GatewayId, GatewayId);

    [Fact]
    public async Task An_authorised_mode_command_changes_thresholds_and_levels_and_is_answered()
    {
        await using var site = await SensorAgent.StartAsync(output, Doors, Modes);
        await using var hub = await ConnectHubAsync(site.Broker);
        Assert.Equal(GatewayMode.Normal, StatusOf(await MqttProbe.RetainedAsync(site.Broker, StatusTopic, m => true)).Mode);

        var heightened = await SendAsync(hub, new HubCommand(Guid.CreateVersion7(), site.Time.GetUtcNow(), ContractReader.SetModeCommand, GatewayMode.Heightened, "值班长"));

        var accepted = await ResultAsync(site, heightened);
        Assert.Equal((CommandOutcome.Accepted, GatewayMode.Heightened, (string?)null), (accepted.Outcome, accepted.Mode, accepted.Reason));
        await site.Hub.WaitForAsync(m => m.Topic == StatusTopic && StatusOf(m).Mode == GatewayMode.Heightened, "the online status in heightened mode");
        Assert.EndsWith("; mode heightened", await site.AskAsync("status"), StringComparison.Ordinal);

        Assert.Equal("ok door-1 open", await site.AskAsync("open door-1"));
        site.Time.Advance(TimeSpan.FromSeconds(10));
        var heldOpen = await site.EventAsync(EventTypes.DoorHeldOpen);
        Assert.Equal(WarningLevel.Warning, heldOpen.Level);
        await site.AskAsync("close door-1");

        var place = new Place(Community, "grid-7", "3");
        site.Agent.Publisher.PublishEvent(new Detection("smoke-1", place, EventTypes.SmokeAlarm, site.Time.GetUtcNow()));
        site.Time.Advance(TimeSpan.FromSeconds(200));
        site.Agent.Publisher.PublishEvent(new Detection("cam-1", place, EventTypes.VisibleSmoke, site.Time.GetUtcNow()));
        Assert.Equal("confirmed-fire", (await site.EventAsync(EventTypes.ConfirmedFire)).Attributes!["rule"]);

        var emergency = await SendAsync(hub, new HubCommand(Guid.CreateVersion7(), site.Time.GetUtcNow(), ContractReader.SetModeCommand, GatewayMode.Emergency));
        Assert.Equal(CommandOutcome.Accepted, (await ResultAsync(site, emergency)).Outcome);
        var forcedId = OutboxAnswers.EventIdIn(await site.AskAsync("open door-1"));
        var forced = await site.EventAsync(EventTypes.DoorForcedOpen);
        Assert.Equal((forcedId, WarningLevel.Alarm, "mode"), (forced.EventId, forced.Level, forced.Attributes!["armedBy"]));
    }

    [Fact]
    public async Task Replayed_stale_superseded_and_malformed_commands_are_refused_with_a_reason_and_change_nothing()
    {
        await using var site = await SensorAgent.StartAsync(output, Doors, Modes);
        await using var hub = await ConnectHubAsync(site.Broker);
        var now = site.Time.GetUtcNow();
        var first = new HubCommand(Guid.CreateVersion7(), now, ContractReader.SetModeCommand, GatewayMode.Heightened);
        Assert.Equal(CommandOutcome.Accepted, (await ResultAsync(site, await SendAsync(hub, first))).Outcome);

        await AssertRefusedAsync(site, await SendAsync(hub, first), CommandRefusals.Replayed);
        await AssertRefusedAsync(site, await SendAsync(hub, first with { CommandId = Guid.CreateVersion7(), IssuedAt = now.AddMinutes(-2), Mode = GatewayMode.Emergency }), CommandRefusals.Stale);
        await AssertRefusedAsync(site, await SendAsync(hub, first with { CommandId = Guid.CreateVersion7(), IssuedAt = now.AddMinutes(5), Mode = GatewayMode.Emergency }), CommandRefusals.Stale);
        await AssertRefusedAsync(site, await SendAsync(hub, first with { CommandId = Guid.CreateVersion7(), IssuedAt = now.AddSeconds(-1), Mode = GatewayMode.Normal }), CommandRefusals.Superseded);
        var badId = Guid.CreateVersion7();
        await hub.PublishAsync(CommandTopic, Encoding.UTF8.GetBytes($$"""{"v":1,"commandId":"{{badId}}","issuedAt":"{{now:O}}","command":"reboot"}"""), MqttQos.AtLeastOnce);
        await AssertRefusedAsync(site, badId, "invalid_field");
        await hub.PublishAsync(CommandTopic, Encoding.UTF8.GetBytes("{\"v\":1,"), MqttQos.AtLeastOnce);
        await hub.PublishAsync(Topics.Commands(Community, "gw-other", "gw-other"), ContractWriter.ToJson(first with { CommandId = Guid.CreateVersion7(), Mode = GatewayMode.Normal }), MqttQos.AtLeastOnce);

        var later = await SendAsync(hub, first with { CommandId = Guid.CreateVersion7(), IssuedAt = now.AddSeconds(1), Mode = GatewayMode.Emergency });
        Assert.Equal(GatewayMode.Emergency, (await ResultAsync(site, later)).Mode);
        Assert.True(site.Agent.Log.Contains(Microsoft.Extensions.Logging.LogLevel.Warning, "Ignored a command without a readable id"));
        Assert.Equal(7, site.Hub.Received.Count(m => m.Topic == ResultTopic));
    }

    [Fact]
    public void The_mode_survives_a_restart_and_a_damaged_mode_file_falls_back_to_normal()
    {
        using var directory = new TempDirectory();
        var config = ConfigLoader.Parse($"gateway: {{ id: gw-1, community: cm-1 }}\nbroker: {{ host: 127.0.0.1 }}\ndataDirectory: {directory.Path}\n", "agent.yaml", directory.Path).Config!;
        var state = new GatewayModeState(config, Microsoft.Extensions.Logging.Abstractions.NullLogger<GatewayModeState>.Instance);
        var issuedAt = DateTimeOffset.UtcNow;
        var commandId = Guid.CreateVersion7();
        state.Set(GatewayMode.Emergency, issuedAt, commandId);

        var restored = new GatewayModeState(config, Microsoft.Extensions.Logging.Abstractions.NullLogger<GatewayModeState>.Instance);

        Assert.Equal(GatewayMode.Emergency, restored.Current);
        Assert.Equal((issuedAt, commandId), (restored.LastCommand.IssuedAt!.Value, restored.LastCommand.CommandId!.Value));
        File.WriteAllText(directory.Combine(GatewayModeState.FileName), "{ not json");
        Assert.Equal(GatewayMode.Normal, new GatewayModeState(config, Microsoft.Extensions.Logging.Abstractions.NullLogger<GatewayModeState>.Instance).Current);
    }

    private static async Task<MqttClient> ConnectHubAsync(MosquittoBroker broker)
    {
        var client = new MqttClient(new MqttClientOptions { ClientId = "hub-test", Host = broker.Host, Port = broker.Port });
        await client.ConnectAsync();
        return client;
    }

    private static async Task<Guid> SendAsync(MqttClient hub, HubCommand command)
    {
        await hub.PublishAsync(CommandTopic, ContractWriter.ToJson(command), MqttQos.AtLeastOnce);
        return command.CommandId;
    }

    private static async Task<CommandResult> ResultAsync(SensorAgent site, Guid commandId, CommandOutcome? outcome = null)
    {
        var message = await site.Hub.WaitForAsync(
            m => m.Topic == ResultTopic && Read(m) is { } r && r.CommandId == commandId && (outcome is null || r.Outcome == outcome),
            $"the result of command {commandId}");
        return Read(message)!;
    }

    private static async Task AssertRefusedAsync(SensorAgent site, Guid commandId, string reason)
    {
        var result = await ResultAsync(site, commandId, CommandOutcome.Refused);
        Assert.Equal((CommandOutcome.Refused, reason, GatewayMode.Heightened), (result.Outcome, result.Reason, result.Mode));
        Assert.False(string.IsNullOrEmpty(result.Detail));
    }

    private static CommandResult? Read(MqttMessage message) =>
        ContractReader.ReadCommandResult(MqttProbe.ContractTopicOf(message)!, message.Payload).Value;

    private static GatewayStatus StatusOf(MqttMessage message) =>
        ContractReader.ReadStatus(MqttProbe.ContractTopicOf(message)!, message.Payload).Value!;
}
