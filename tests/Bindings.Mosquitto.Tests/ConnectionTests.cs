using System.Text;
using EdgeSecurity.Testing;

namespace EdgeSecurity.Bindings.Mosquitto.Tests;

public sealed class ConnectionTests : BrokerTests
{
    private static MqttClientOptions FastReconnect(MqttClientOptions options) =>
        options with { ReconnectMinDelay = TimeSpan.FromSeconds(1), ReconnectMaxDelay = TimeSpan.FromSeconds(1) };

    [Fact]
    public async Task ReconnectsAfterBrokerRestartAndDeliversWhatWasPublishedMeanwhile()
    {
        await using var client = NewClient("reconnecting", FastReconnect);
        var events = new ConnectionEvents(client);
        await client.ConnectAsync().WaitAsync(Wait.Timeout);
        Assert.True((await events.NextAsync()).IsConnected);
        var inbox = new Inbox();
        await client.SubscribeAsync("plant/#", MqttQos.AtLeastOnce, inbox.Handle).WaitAsync(Wait.Timeout);

        await Broker.StopAsync();
        var down = await events.NextAsync();
        Assert.False(down.IsConnected);
        Assert.False(client.IsConnected);
        await Assert.ThrowsAsync<MqttException>(() => client.PublishAsync("plant/qos0", "lost"u8.ToArray(), MqttQos.AtMostOnce));
        var queued = client.PublishAsync("plant/queued", "kept"u8.ToArray(), MqttQos.AtLeastOnce);
        Assert.False(queued.IsCompleted);

        await Broker.RestartAsync();
        var up = await events.NextAsync();
        Assert.True(up.IsConnected);
        Assert.False(up.SessionPresent);
        await queued.WaitAsync(Wait.Timeout);
        Assert.Equal("plant/queued", (await inbox.NextAsync()).Topic);

        await client.PublishAsync("plant/after", "fresh"u8.ToArray(), MqttQos.AtLeastOnce).WaitAsync(Wait.Timeout);
        Assert.Equal("plant/after", (await inbox.NextAsync()).Topic);
    }

    [Fact]
    public async Task PersistentSessionSurvivesBrokerRestart()
    {
        await using var subscriber = NewClient(
            "persistent-subscriber",
            o => FastReconnect(o) with { CleanSession = false, SessionExpiry = TimeSpan.FromHours(1) });
        var events = new ConnectionEvents(subscriber);
        await subscriber.ConnectAsync().WaitAsync(Wait.Timeout);
        Assert.False((await events.NextAsync()).SessionPresent);
        var inbox = new Inbox();
        await subscriber.SubscribeAsync("alarms/#", MqttQos.AtLeastOnce, inbox.Handle).WaitAsync(Wait.Timeout);

        await Broker.RestartAsync();
        Assert.False((await events.NextAsync()).IsConnected);
        var up = await events.NextAsync();
        Assert.True(up.IsConnected);
        Assert.True(up.SessionPresent);

        await using var publisher = await ConnectedClientAsync("alarm-publisher");
        await publisher.PublishAsync("alarms/door", "open"u8.ToArray(), MqttQos.AtLeastOnce).WaitAsync(Wait.Timeout);
        Assert.Equal("alarms/door", (await inbox.NextAsync()).Topic);
    }

    [Fact]
    public async Task SubscriptionMadeWhileDisconnectedCompletesAfterTheReconnect()
    {
        await using var client = NewClient("patient", FastReconnect);
        var events = new ConnectionEvents(client);
        await client.ConnectAsync().WaitAsync(Wait.Timeout);
        Assert.True((await events.NextAsync()).IsConnected);
        await Broker.StopAsync();
        Assert.False((await events.NextAsync()).IsConnected);

        var inbox = new Inbox();
        var subscribed = client.SubscribeAsync("plant/#", MqttQos.AtLeastOnce, inbox.Handle);
        Assert.False(subscribed.IsCompleted);
        await Broker.RestartAsync();
        Assert.True((await events.NextAsync()).IsConnected);
        await subscribed.WaitAsync(Wait.Timeout);

        await using var publisher = await ConnectedClientAsync("plant-sensor");
        await publisher.PublishAsync("plant/pump", "on"u8.ToArray(), MqttQos.AtLeastOnce).WaitAsync(Wait.Timeout);
        Assert.Equal("plant/pump", (await inbox.NextAsync()).Topic);
    }

    [Fact]
    public async Task ConnectToAClosedPortFailsWithAClearMessage()
    {
        var port = FreeTcpPort.Next();
        await using var client = new MqttClient(new MqttClientOptions { ClientId = "nobody-home", Host = "127.0.0.1", Port = port });

        var error = await Assert.ThrowsAsync<MqttException>(() => client.ConnectAsync()).WaitAsync(Wait.Timeout);

        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("Connection refused", error.Message, StringComparison.Ordinal);
        Assert.False(client.IsConnected);
    }

    [Theory]
    [InlineData(MqttProtocol.V5)]
    [InlineData(MqttProtocol.V311)]
    public async Task RefusedConnectCarriesTheBrokersReason(MqttProtocol protocol)
    {
        await using var closedBroker = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions { AllowAnonymous = false });
        await using var client = new MqttClient(new MqttClientOptions
        {
            ClientId = "stranger",
            Host = closedBroker.Host,
            Port = closedBroker.Port,
            Protocol = protocol,
        });

        var error = await Assert.ThrowsAsync<MqttException>(() => client.ConnectAsync()).WaitAsync(Wait.Timeout);

        Assert.Matches("(?i)not authori[sz]ed", error.Message);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task DisposeDisconnectsCleanlySoTheWillIsNotPublished()
    {
        await using var watcher = await ConnectedClientAsync("watcher");
        var inbox = new Inbox();
        await watcher.SubscribeAsync("devices/+/status", MqttQos.AtLeastOnce, inbox.Handle).WaitAsync(Wait.Timeout);
        var client = await ConnectedClientAsync(
            "polite-device",
            o => o with { Will = new MqttWill("devices/polite-device/status", "offline"u8.ToArray(), MqttQos.AtLeastOnce, Retain: false) });

        await client.DisposeAsync();
        await client.DisposeAsync();

        Assert.False(client.IsConnected);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.PublishAsync("devices/polite-device/status", "late"u8.ToArray(), MqttQos.AtMostOnce));

        // Published after the DISCONNECT was sent: a will, had the broker sent one, would arrive first.
        await using var marker = await ConnectedClientAsync("marker");
        await marker.PublishAsync("devices/marker/status", "marker"u8.ToArray(), MqttQos.AtLeastOnce).WaitAsync(Wait.Timeout);
        Assert.Equal("devices/marker/status", (await inbox.NextAsync()).Topic);
    }

    [Fact]
    public async Task DisposeFailsPublishesStillWaitingForTheBroker()
    {
        var client = NewClient("abandoning", FastReconnect);
        var events = new ConnectionEvents(client);
        await client.ConnectAsync().WaitAsync(Wait.Timeout);
        Assert.True((await events.NextAsync()).IsConnected);
        await Broker.StopAsync();
        Assert.False((await events.NextAsync()).IsConnected);
        var pending = client.PublishAsync("never/acknowledged", "x"u8.ToArray(), MqttQos.AtLeastOnce);

        await client.DisposeAsync();

        var error = await Assert.ThrowsAsync<MqttException>(() => pending).WaitAsync(Wait.Timeout);
        Assert.Contains("disposed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancellingTheWaitForPubackCancelsThePublishTask()
    {
        await using var client = NewClient("impatient", FastReconnect);
        var events = new ConnectionEvents(client);
        await client.ConnectAsync().WaitAsync(Wait.Timeout);
        Assert.True((await events.NextAsync()).IsConnected);
        await Broker.StopAsync();
        Assert.False((await events.NextAsync()).IsConnected);
        using var cancellation = new CancellationTokenSource();
        var pending = client.PublishAsync("slow/ack", Encoding.UTF8.GetBytes("x"), MqttQos.AtLeastOnce, ct: cancellation.Token);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending).WaitAsync(Wait.Timeout);
    }
}
