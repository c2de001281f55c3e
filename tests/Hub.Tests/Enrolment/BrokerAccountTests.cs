using System.Collections.Concurrent;
using System.Net;
using System.Text;
using EdgeSecurity.Bindings.Mosquitto;
using EdgeSecurity.Contract;

namespace EdgeSecurity.Hub.Tests.Enrolment;

/// <summary>
/// The broker account model against the real mosquitto: each gateway publishes only under its own subtree and reads
/// only its own commands. Over MQTT 5 mosquitto 2.0.11 answers a forbidden QoS 1 publish with PUBACK reason 135 (MQTT
/// 3.1.1 clients get no sign at all), and may grant a subscription it will never deliver to, so denial is shown where it
/// matters: an allowed message sent after the forbidden ones arrives while they never do, since the broker keeps each
/// client's messages in order.
/// </summary>
public sealed class BrokerAccountTests(EnrolmentFixture fixture) : IClassFixture<EnrolmentFixture>
{
    private const string First = DemoSite.Gateway;
    private const string FirstCommunity = DemoSite.Community;
    private const string Second = DemoSite.OtherGateway;
    private const string SecondCommunity = DemoSite.OtherCommunity;

    [Fact]
    public async Task A_gateway_cannot_publish_into_another_gateways_topics()
    {
        var first = await EnrolAsync(First);
        var second = await EnrolAsync(Second);
        await using var hub = await fixture.ConnectAsync("hub-observer-publish", EnrolmentFixture.HubUsername, fixture.HubPassword);
        var seen = new BlockingCollection<string>();
        await hub.SubscribeAsync($"{Topics.Root}/#", MqttQos.AtLeastOnce, m => Record(seen, m));
        await using var firstClient = await fixture.ConnectAsync(First, first.Username, first.Password);
        await using var secondClient = await fixture.ConnectAsync(Second, second.Username, second.Password);

        // The first gateway's own publish arrives: the observer and the grants work.
        await firstClient.PublishAsync(Topics.Events(FirstCommunity, First, "door-1"), Payload("own"), MqttQos.AtLeastOnce);
        Assert.Equal($"{Topics.Events(FirstCommunity, First, "door-1")} own", Next(seen));

        string[] intrusions =
        [
            Topics.Events(FirstCommunity, First, "door-1"),
            Topics.State(FirstCommunity, First, "door-1"),
            Topics.Status(FirstCommunity, First),
            Topics.Heartbeat(FirstCommunity, First),
            Topics.Telemetry(FirstCommunity, First, "door-1"),
            Topics.Evidence(FirstCommunity, First, "door-1"),
            Topics.CommandResults(FirstCommunity, First, First),
            Topics.Commands(FirstCommunity, First, First),
            Topics.Acks(FirstCommunity, First),
            // Its own gateway id under another community, and the hub's command topics of its own subtree, are not its to write either.
            Topics.Events(FirstCommunity, Second, "door-1"),
            Topics.Commands(SecondCommunity, Second, Second),
            Topics.Acks(SecondCommunity, Second),
        ];
        foreach (var topic in intrusions)
        {
            var refused = await Assert.ThrowsAsync<MqttException>(() => secondClient.PublishAsync(topic, Payload("forged"), MqttQos.AtLeastOnce));
            Assert.Contains("reason code 135", refused.Message, StringComparison.Ordinal);
        }
        // QoS 0 gets no answer at all: it must vanish too.
        await secondClient.PublishAsync(Topics.Telemetry(FirstCommunity, First, "door-1"), Payload("forged"), MqttQos.AtMostOnce);
        await secondClient.PublishAsync(Topics.Events(SecondCommunity, Second, "door-9"), Payload("control"), MqttQos.AtLeastOnce);

        Assert.Equal($"{Topics.Events(SecondCommunity, Second, "door-9")} control", Next(seen));
        Assert.Empty(seen);
    }

    [Fact]
    public async Task A_gateway_cannot_read_another_gateways_commands_or_acks()
    {
        await EnrolAsync(First);
        var second = await EnrolAsync(Second);
        await using var hub = await fixture.ConnectAsync("hub-commander", EnrolmentFixture.HubUsername, fixture.HubPassword);
        await using var secondClient = await fixture.ConnectAsync(Second, second.Username, second.Password);
        var received = new BlockingCollection<string>();
        foreach (var filter in new[] { Topics.Commands(FirstCommunity, First, First), Topics.Acks(FirstCommunity, First), $"{Topics.Root}/{FirstCommunity}/#" })
        {
            try
            {
                await secondClient.SubscribeAsync(filter, MqttQos.AtLeastOnce, m => Record(received, m));
            }
            catch (MqttException)
            {
                // Refused at SUBACK is as good as granted and never delivered; what counts is below.
            }
        }
        await secondClient.SubscribeAsync(Topics.Commands(SecondCommunity, Second, Second), MqttQos.AtLeastOnce, m => Record(received, m));

        await hub.PublishAsync(Topics.Commands(FirstCommunity, First, First), Payload("for-first"), MqttQos.AtLeastOnce);
        await hub.PublishAsync(Topics.Acks(FirstCommunity, First), Payload("for-first"), MqttQos.AtLeastOnce);
        await hub.PublishAsync(Topics.Commands(SecondCommunity, Second, Second), Payload("for-second"), MqttQos.AtLeastOnce);

        Assert.Equal($"{Topics.Commands(SecondCommunity, Second, Second)} for-second", Next(received));
        Assert.Empty(received);
    }

    [Fact]
    public async Task A_wrong_password_or_an_anonymous_client_is_refused_at_connect()
    {
        var first = await EnrolAsync(First);
        await using (await fixture.ConnectAsync(First, first.Username, first.Password))
        {
        }

        await using var wrong = new MqttClient(new MqttClientOptions { ClientId = "wrong", Host = fixture.Broker.Host, Port = fixture.Broker.Port, Username = First, Password = first.Password + "x" });
        var refused = await Assert.ThrowsAsync<MqttException>(() => wrong.ConnectAsync());
        Assert.Contains("not authori", refused.Message, StringComparison.OrdinalIgnoreCase);

        await using var anonymous = new MqttClient(new MqttClientOptions { ClientId = "anonymous", Host = fixture.Broker.Host, Port = fixture.Broker.Port });
        await Assert.ThrowsAsync<MqttException>(() => anonymous.ConnectAsync());
    }

    [Fact]
    public async Task Enrolling_again_replaces_the_old_password()
    {
        var old = await EnrolAsync(Second);
        var renewed = await EnrolAsync(Second);
        await using (await fixture.ConnectAsync(Second, renewed.Username, renewed.Password))
        {
        }

        await using var stale = new MqttClient(new MqttClientOptions { ClientId = "stale", Host = fixture.Broker.Host, Port = fixture.Broker.Port, Username = Second, Password = old.Password });
        await Assert.ThrowsAsync<MqttException>(() => stale.ConnectAsync());
    }

    [Fact]
    public async Task A_revoked_gateway_loses_its_open_connection_and_is_refused_at_connect()
    {
        var account = await EnrolAsync(Second);
        await using var hub = await fixture.ConnectAsync("hub-observer-revoke", EnrolmentFixture.HubUsername, fixture.HubPassword);
        var seen = new BlockingCollection<string>();
        await hub.SubscribeAsync($"{Topics.Root}/#", MqttQos.AtLeastOnce, m => Record(seen, m));
        await using var stolen = await fixture.ConnectAsync(Second, account.Username, account.Password);
        await stolen.PublishAsync(Topics.Events(SecondCommunity, Second, "door-1"), Payload("before"), MqttQos.AtLeastOnce);
        Assert.Equal($"{Topics.Events(SecondCommunity, Second, "door-1")} before", Next(seen));

        using var revoke = await fixture.Hub.Http.DeleteAsync(new Uri($"/api/enrolment/accounts/{Second}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        // mosquitto 2.0.11 drops a connection whose account is gone when it reloads the files (SIGHUP, a moment after the
        // hub answered), and refuses the client's reconnects from then on.
        await Poll.UntilAsync(() => Task.FromResult(stolen.IsConnected), connected => !connected, "the broker to drop the revoked gateway's connection");
        await using var again = new MqttClient(new MqttClientOptions { ClientId = "revoked", Host = fixture.Broker.Host, Port = fixture.Broker.Port, Username = account.Username, Password = account.Password });
        var refused = await Assert.ThrowsAsync<MqttException>(() => again.ConnectAsync());
        Assert.Contains("not authori", refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.False(stolen.IsConnected);

        // Its last will went with its account; the hub says it is offline, and the broker keeps that for the next reader.
        var gateways = await fixture.Hub.GetArrayAsync("/api/gateways");
        Assert.Equal("offline", (string?)gateways.Single(g => (string?)g!["gatewayId"] == Second)!["state"]);
        var retained = new BlockingCollection<string>();
        await using var reader = await fixture.ConnectAsync("hub-status-reader", EnrolmentFixture.HubUsername, fixture.HubPassword);
        await reader.SubscribeAsync(Topics.Status(SecondCommunity, Second), MqttQos.AtLeastOnce, m => Record(retained, m));
        Assert.Contains("\"offline\"", Next(retained), StringComparison.Ordinal);
        // An empty retained message clears it, so the other tests' observers of es/v1/# do not receive it.
        await reader.PublishAsync(Topics.Status(SecondCommunity, Second), ReadOnlyMemory<byte>.Empty, MqttQos.AtLeastOnce, retain: true);
    }

    private async Task<(string Username, string Password)> EnrolAsync(string gateway)
    {
        var issued = await fixture.IssueAsync(gateway);
        var (status, body) = await fixture.RedeemAsync((string)issued["code"]!);
        Assert.Equal(HttpStatusCode.OK, status);
        return ((string)body["broker"]!["username"]!, (string)body["broker"]!["password"]!);
    }

    private static ReadOnlyMemory<byte> Payload(string text) => Encoding.UTF8.GetBytes(text);

    private static ValueTask Record(BlockingCollection<string> seen, MqttMessage message)
    {
        seen.Add($"{message.Topic} {Encoding.UTF8.GetString(message.Payload.Span)}");
        return ValueTask.CompletedTask;
    }

    private static string Next(BlockingCollection<string> seen) =>
        seen.TryTake(out var message, Poll.DefaultTimeout) ? message : throw new TimeoutException("no message arrived");
}
