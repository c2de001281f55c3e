using EdgeSecurity.Agent.Publishing;
using EdgeSecurity.Agent.Tests.Support;
using EdgeSecurity.Bindings.Mosquitto;
using EdgeSecurity.Contract;
using EdgeSecurity.Testing;
using Microsoft.Extensions.Logging;
using static EdgeSecurity.Agent.Tests.Support.TestAgentConfig;

namespace EdgeSecurity.Agent.Tests;

public sealed class MqttEventPublisherTests
{
    [Fact]
    public async Task A_message_the_broker_refuses_is_retried_then_given_up_and_later_messages_still_go_out()
    {
        using var directory = new TempDirectory();
        var acl = directory.Combine("acl");
        // Events are denied, as a broker with a wrong ACL would do; states are allowed.
        await File.WriteAllTextAsync(acl, "topic readwrite es/v1/+/+/state/#\ntopic read #\n");
        await using var broker = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions { ExtraConfig = [$"acl_file {acl}"] });
        await using var hub = await MqttProbe.SubscribeAsync(broker, AllTopics);
        var config = TestAgentConfig.Load(broker, directory);
        await using var client = new MqttClient(new MqttClientOptions { ClientId = GatewayId, Host = broker.Host, Port = broker.Port });
        await client.ConnectAsync();
        var log = new RecordingLogger<MqttEventPublisher>();
        using var publisher = new MqttEventPublisher(client, config, TimeProvider.System, new PublishRetry(3, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(20)), log);
        await publisher.StartAsync(CancellationToken.None);

        publisher.PublishEvent(new Detection(Door, new Place(Community), EventTypes.DoorForcedOpen, DateTimeOffset.UtcNow));
        publisher.PublishState(Door, "open", DateTimeOffset.UtcNow);

        await hub.WaitForAsync(m => m.Topic == Topics.State(Community, GatewayId, Door), "the state published after the refused event");
        await publisher.StopAsync(CancellationToken.None);
        Assert.Equal(2, log.Entries.Count(e => e.Level == LogLevel.Warning && e.Message.Contains("failed (attempt", StringComparison.Ordinal)));
        var gaveUp = Assert.Single(log.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains("Gave up publishing event", gaveUp.Message, StringComparison.Ordinal);
        Assert.Contains("not authorized", gaveUp.Message, StringComparison.OrdinalIgnoreCase);
    }
}
