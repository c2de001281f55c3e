using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Bindings.Mosquitto.Tests;

public sealed class SubscribeBeforeConnectTests : BrokerTests
{
    private const int QueuedCount = 500;

    private static MqttClientOptions PersistentSession(MqttClientOptions options) =>
        options with { Protocol = MqttProtocol.V5, CleanSession = false, SessionExpiry = TimeSpan.FromMinutes(5) };

    [Fact]
    public async Task ResumedSessionDeliversEveryQueuedMessageInOrderToAHandlerRegisteredBeforeConnect()
    {
        await using (var first = await ConnectedClientAsync("hub", PersistentSession))
        {
            await first.SubscribeAsync("alarms/#", MqttQos.AtLeastOnce, _ => ValueTask.CompletedTask).WaitAsync(Wait.Timeout);
        }

        await using (var sensor = await ConnectedClientAsync("door-sensor"))
        {
            var published = Enumerable.Range(0, QueuedCount).Select(i => sensor.PublishAsync("alarms/door", Encode(i), MqttQos.AtLeastOnce));
            await Task.WhenAll(published).WaitAsync(Wait.Timeout);
        }

        await using var resumed = NewClient("hub", PersistentSession);
        var events = new ConnectionEvents(resumed);
        var inbox = new Inbox();
        var subscribed = resumed.SubscribeAsync("alarms/#", MqttQos.AtLeastOnce, inbox.Handle);
        await resumed.ConnectAsync().WaitAsync(Wait.Timeout);
        Assert.True((await events.NextAsync()).SessionPresent);
        await subscribed.WaitAsync(Wait.Timeout);

        var received = new List<int>();
        for (var i = 0; i < QueuedCount; i++)
        {
            received.Add(Decode(await inbox.NextAsync()));
        }

        Assert.Equal(Enumerable.Range(0, QueuedCount), received);
        Assert.Equal(0, resumed.UnhandledMessages);
    }

    [Fact]
    public async Task SubscriptionMadeBeforeConnectCompletesOnceConnectedAndReceivesLaterMessages()
    {
        await using var subscriber = NewClient("early-subscriber");
        var inbox = new Inbox();
        var subscribed = subscriber.SubscribeAsync("doors/+", MqttQos.AtLeastOnce, inbox.Handle);
        Assert.False(subscribed.IsCompleted);

        await subscriber.ConnectAsync().WaitAsync(Wait.Timeout);
        await subscribed.WaitAsync(Wait.Timeout);

        await using var sensor = await ConnectedClientAsync("door-sensor");
        await sensor.PublishAsync("doors/front", "open"u8.ToArray(), MqttQos.AtLeastOnce).WaitAsync(Wait.Timeout);
        Assert.Equal("doors/front", (await inbox.NextAsync()).Topic);
    }

    [Fact]
    public async Task MessageMatchingNoHandlerIsCountedAndLoggedWithoutItsPayload()
    {
        await using (var first = await ConnectedClientAsync("hub", PersistentSession))
        {
            await first.SubscribeAsync("legacy/#", MqttQos.AtLeastOnce, _ => ValueTask.CompletedTask).WaitAsync(Wait.Timeout);
            await first.SubscribeAsync("alarms/#", MqttQos.AtLeastOnce, _ => ValueTask.CompletedTask).WaitAsync(Wait.Timeout);
        }

        await using (var sensor = await ConnectedClientAsync("door-sensor"))
        {
            await sensor.PublishAsync("legacy/door", "secret-code"u8.ToArray(), MqttQos.AtLeastOnce).WaitAsync(Wait.Timeout);
            await sensor.PublishAsync("alarms/door", "open"u8.ToArray(), MqttQos.AtLeastOnce).WaitAsync(Wait.Timeout);
        }

        var logger = new CapturingLogger();
        await using var resumed = NewClient("hub", PersistentSession, logger);
        var inbox = new Inbox();
        var subscribed = resumed.SubscribeAsync("alarms/#", MqttQos.AtLeastOnce, inbox.Handle);
        await resumed.ConnectAsync().WaitAsync(Wait.Timeout);
        await subscribed.WaitAsync(Wait.Timeout);

        // Messages are dispatched one at a time in arrival order, so the earlier one has been counted by now.
        Assert.Equal("alarms/door", (await inbox.NextAsync()).Topic);
        Assert.Equal(1, resumed.UnhandledMessages);
        var warning = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("legacy/door", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-code", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposeFailsASubscriptionStillWaitingForTheConnect()
    {
        var client = NewClient("never-connected");
        var subscribed = client.SubscribeAsync("alarms/#", MqttQos.AtLeastOnce, _ => ValueTask.CompletedTask);

        await client.DisposeAsync();

        var error = await Assert.ThrowsAsync<MqttException>(() => subscribed).WaitAsync(Wait.Timeout);
        Assert.Contains("disposed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidFilterFailsBeforeConnect()
    {
        await using var client = NewClient("careless");

        var error = await Assert.ThrowsAsync<MqttException>(() => client.SubscribeAsync("alarms/#/door", MqttQos.AtLeastOnce, _ => ValueTask.CompletedTask));

        Assert.Contains("alarms/#/door", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Encode(int index) => Encoding.UTF8.GetBytes(index.ToString(CultureInfo.InvariantCulture));

    private static int Decode(MqttMessage message) => int.Parse(Encoding.UTF8.GetString(message.Payload.Span), CultureInfo.InvariantCulture);
}
