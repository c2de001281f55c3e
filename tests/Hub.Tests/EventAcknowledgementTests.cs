using System.Text;
using EdgeSecurity.Bindings.Mosquitto;
using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Tests.Infrastructure;
using EdgeSecurity.Testing;

namespace EdgeSecurity.Hub.Tests;

/// <summary>The hub tells a gateway which of its events it has stored, or refused for good, so the gateway's outbox can let go.</summary>
public sealed class EventAcknowledgementTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    [Fact]
    public async Task A_stored_event_is_confirmed_once_it_is_an_incident_and_again_when_it_comes_again()
    {
        var community = SampleEvents.NewCommunity();
        await using var gateway = await AcksListener.StartAsync(fixture.Broker, community);
        var e = SampleEvents.Create(community);

        await fixture.Edge.PublishAsync(e);
        await gateway.StoredAsync(e.EventId, times: 1);
        Assert.Equal(1, (long)(await fixture.Hub.GetObjectAsync($"/api/incidents?community={community}"))["total"]!);

        await fixture.Edge.PublishAsync(e);
        await gateway.StoredAsync(e.EventId, times: 2);
        Assert.Equal(1, (long)(await fixture.Hub.GetObjectAsync($"/api/incidents?community={community}"))["total"]!);
    }

    [Fact]
    public async Task An_event_refused_with_a_readable_id_is_confirmed_as_refused_with_the_reason()
    {
        var community = SampleEvents.NewCommunity();
        await using var gateway = await AcksListener.StartAsync(fixture.Broker, community);
        var e = SampleEvents.Create(community);
        var json = Encoding.UTF8.GetString(ContractWriter.ToJson(e)).Replace(EventTypes.DoorForcedOpen.Code, "security.door_levitating", StringComparison.Ordinal);

        await fixture.Edge.PublishAsync(Topics.Events(community, SampleEvents.Gateway, SampleEvents.Device), json);

        var refused = await Poll.UntilAsync(() => Task.FromResult(gateway.Received().SelectMany(a => a.Refused).ToList()), r => r.Count > 0, "the refusal");
        Assert.Equal([new RefusedEvent(e.EventId, "unknown_event_type")], refused);
        Assert.Empty(gateway.Received().SelectMany(a => a.Stored));
    }

    [Fact]
    public async Task A_telemetry_point_with_an_id_is_confirmed_once_durable_and_one_failing_validation_as_refused()
    {
        var community = SampleEvents.NewCommunity();
        await using var gateway = await AcksListener.StartAsync(fixture.Broker, community);
        var topic = Topics.Telemetry(community, SampleEvents.Gateway, SampleEvents.Device);
        var point = new DeviceTelemetry(SampleEvents.Gateway, SampleEvents.Device, DateTimeOffset.UtcNow, new Dictionary<string, double> { ["temperature"] = 21.5 }, Guid.CreateVersion7());
        var invalid = Guid.CreateVersion7();

        // The fixture's hub has no InfluxDB: the point is durable once its batch is in the spool.
        await fixture.Edge.PublishAsync(topic, ContractWriter.ToJson(point));
        await fixture.Edge.PublishAsync(topic, $$$"""{"v":1,"telemetryId":"{{{invalid}}}","gatewayId":"{{{SampleEvents.Gateway}}}","deviceId":"{{{SampleEvents.Device}}}","at":"2026-11-22T10:00:00Z","values":{}}""");

        await gateway.StoredAsync(point.TelemetryId!.Value, times: 1);
        var refused = await Poll.UntilAsync(() => Task.FromResult(gateway.Received().SelectMany(a => a.Refused).ToList()), r => r.Count > 0, "the refusal");
        Assert.Equal([new RefusedEvent(invalid, "invalid_field")], refused);
    }

    /// <summary>Plays the gateway's side: subscribed to its acks topic, keeping what the hub says.</summary>
    private sealed class AcksListener : IAsyncDisposable
    {
        private readonly MqttClient _client;
        private readonly List<EventAcks> _received = [];

        private AcksListener(MqttClient client) => _client = client;

        public static async Task<AcksListener> StartAsync(MosquittoBroker broker, string community)
        {
            var client = new MqttClient(new MqttClientOptions { ClientId = $"gateway-{Guid.NewGuid():N}", Host = broker.Host, Port = broker.Port });
            var listener = new AcksListener(client);
            try
            {
                await client.ConnectAsync();
                await client.SubscribeAsync(Topics.Acks(community, SampleEvents.Gateway), MqttQos.AtLeastOnce, listener.OnAcks);
                return listener;
            }
            catch
            {
                await client.DisposeAsync();
                throw;
            }
        }

        public List<EventAcks> Received()
        {
            lock (_received)
                return [.. _received];
        }

        public Task<int> StoredAsync(Guid eventId, int times) =>
            Poll.UntilAsync(() => Task.FromResult(Received().Sum(a => a.Stored.Count(id => id == eventId))), n => n >= times, $"{times} confirmation(s) of {eventId}");

        public ValueTask DisposeAsync() => _client.DisposeAsync();

        private ValueTask OnAcks(MqttMessage message)
        {
            var read = ContractReader.ReadEventAcks(message.Payload);
            Assert.True(read.IsAccepted, read.Rejection?.ToString());
            lock (_received)
                _received.Add(read.Value!);
            return ValueTask.CompletedTask;
        }
    }
}
