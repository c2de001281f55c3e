using System.Text;

namespace EdgeSecurity.Bindings.Mosquitto.Tests;

public sealed class RoundTripTests : BrokerTests
{
    [Fact]
    public async Task Qos0MessageArrivesWithTheSameBytes()
    {
        await using var subscriber = await ConnectedClientAsync("qos0-subscriber");
        var inbox = new Inbox();
        await subscriber.SubscribeAsync("sensors/+/temperature", MqttQos.AtMostOnce, inbox.Handle).WaitAsync(Wait.Timeout);
        await using var publisher = await ConnectedClientAsync("qos0-publisher");
        byte[] payload = [0, 1, 2, 127, 128, 255];

        await publisher.PublishAsync("sensors/cam1/temperature", payload, MqttQos.AtMostOnce).WaitAsync(Wait.Timeout);

        var message = await inbox.NextAsync();
        Assert.Equal("sensors/cam1/temperature", message.Topic);
        Assert.Equal(payload, message.Payload.ToArray());
        Assert.Equal(MqttQos.AtMostOnce, message.Qos);
        Assert.False(message.Retain);
    }

    [Theory]
    [InlineData(MqttProtocol.V5)]
    [InlineData(MqttProtocol.V311)]
    public async Task Qos1MessagesArriveRetainedOrLive(MqttProtocol protocol)
    {
        await using var publisher = await ConnectedClientAsync("qos1-publisher", o => o with { Protocol = protocol });
        var retained = Encoding.UTF8.GetBytes("threshold=42");
        await publisher.PublishAsync("config/cam1", retained, MqttQos.AtLeastOnce, retain: true).WaitAsync(Wait.Timeout);

        await using var subscriber = await ConnectedClientAsync("qos1-subscriber", o => o with { Protocol = protocol });
        var inbox = new Inbox();
        await subscriber.SubscribeAsync("config/#", MqttQos.AtLeastOnce, inbox.Handle).WaitAsync(Wait.Timeout);

        var stored = await inbox.NextAsync();
        Assert.Equal(("config/cam1", MqttQos.AtLeastOnce, true), (stored.Topic, stored.Qos, stored.Retain));
        Assert.Equal(retained, stored.Payload.ToArray());

        await publisher.PublishAsync("config/cam2", ReadOnlyMemory<byte>.Empty, MqttQos.AtLeastOnce).WaitAsync(Wait.Timeout);
        var live = await inbox.NextAsync();
        Assert.Equal(("config/cam2", MqttQos.AtLeastOnce, false), (live.Topic, live.Qos, live.Retain));
        Assert.True(live.Payload.IsEmpty);
    }

    [Theory]
    [InlineData(MqttProtocol.V5)]
    [InlineData(MqttProtocol.V311)]
    public async Task AWideInflightWindowDeliversABurstCompleteAndInOrder(MqttProtocol protocol)
    {
        const int Burst = 3000;
        MqttClientOptions Wide(MqttClientOptions o) => o with { Protocol = protocol, InflightMaximum = 1000 };
        await using var subscriber = await ConnectedClientAsync("wide-subscriber", Wide);
        var inbox = new Inbox();
        await subscriber.SubscribeAsync("burst", MqttQos.AtLeastOnce, inbox.Handle).WaitAsync(Wait.Timeout);
        await using var publisher = await ConnectedClientAsync("wide-publisher", Wide);

        await Task.WhenAll(Enumerable.Range(0, Burst).Select(i => publisher.PublishAsync("burst", BitConverter.GetBytes(i), MqttQos.AtLeastOnce))).WaitAsync(Wait.Timeout);

        for (var i = 0; i < Burst; i++)
            Assert.Equal(i, BitConverter.ToInt32((await inbox.NextAsync()).Payload.Span));
    }

    [Fact]
    public async Task HandlerFailuresAreLoggedAndDeliveryContinues()
    {
        var logger = new CapturingLogger();
        await using var client = await ConnectedClientAsync("flaky-handler", logger: logger);
        var inbox = new Inbox();
        var calls = 0;
        await client.SubscribeAsync(
            "flaky",
            MqttQos.AtLeastOnce,
            async message =>
            {
                switch (Interlocked.Increment(ref calls))
                {
                    case 1:
                        throw new InvalidOperationException("fails before awaiting");
                    case 2:
                        await Task.Yield();
                        throw new InvalidOperationException("fails after awaiting");
                    default:
                        await inbox.Handle(message);
                        break;
                }
            }).WaitAsync(Wait.Timeout);

        foreach (var text in new[] { "first", "second", "third" })
        {
            await client.PublishAsync("flaky", Encoding.UTF8.GetBytes(text), MqttQos.AtLeastOnce).WaitAsync(Wait.Timeout);
        }

        var delivered = await inbox.NextAsync();
        Assert.Equal("third", Encoding.UTF8.GetString(delivered.Payload.Span));
        Assert.Equal(2, logger.Entries.Count(e => e.Exception is InvalidOperationException));
    }

    [Fact]
    public async Task CancelledTokenStopsPublishAndSubscribeBeforeTheyStart()
    {
        await using var client = await ConnectedClientAsync("cancelled-publisher");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => client.PublishAsync("ignored", "x"u8.ToArray(), MqttQos.AtLeastOnce, ct: cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => client.SubscribeAsync("ignored", MqttQos.AtLeastOnce, _ => ValueTask.CompletedTask, cancelled.Token));
    }
}
