using System.Collections.Concurrent;
using System.Net;
using System.Text;
using EdgeSecurity.Bindings.Mosquitto;
using EdgeSecurity.Contract;

namespace EdgeSecurity.Hub.Tests.Enrolment;

/// <summary>
/// The whole access matrix of the broker account model against the real mosquitto and the ACL the hub writes:
/// account (a gateway, the hub) × whose subtree (its own, another gateway's) × every topic kind of the contract ×
/// publish or subscribe → allowed or denied. Denial is proven without waiting: a forbidden QoS 1 publish gets PUBACK
/// reason 135; a forbidden QoS 0 publish, or a message on a forbidden subscription, is followed by a marker the
/// account may send or read, and the broker keeps each client's messages in order, so once the marker has arrived a
/// message that did not arrive before it never will.
/// </summary>
public sealed class BrokerAccessMatrixTests(BrokerAccessMatrixTests.MatrixFixture fixture) : IClassFixture<BrokerAccessMatrixTests.MatrixFixture>
{
    public enum Account
    {
        Gateway,
        Hub,
    }

    /// <summary>Whose topics: the first gateway's (the acting gateway's own) or the second's.</summary>
    public enum Subtree
    {
        Own,
        OtherGateway,
    }

    public enum Operation
    {
        Publish,
        Subscribe,
    }

    private const string Own = DemoSite.Gateway;
    private const string OwnCommunity = DemoSite.Community;
    private const string Other = DemoSite.OtherGateway;
    private const string OtherCommunity = DemoSite.OtherCommunity;
    private const string Device = "door-1";

    /// <summary>What a gateway sends under its own subtree; everything else there is the hub's to send.</summary>
    private static readonly TopicKind[] GatewayWrites =
        [TopicKind.Status, TopicKind.Heartbeat, TopicKind.Events, TopicKind.State, TopicKind.Telemetry, TopicKind.Evidence, TopicKind.Objects, TopicKind.CommandResults];

    /// <summary>What the hub sends a gateway, and all a gateway may read.</summary>
    private static readonly TopicKind[] HubWrites = [TopicKind.Commands, TopicKind.Acks];

    /// <summary>The hub may also set a gateway's status: for a gateway it revoked, whose last will the broker drops.</summary>
    private static readonly TopicKind[] HubMayWrite = [.. HubWrites, TopicKind.Status];

    public static TheoryData<Account, Subtree, TopicKind, Operation, bool> Matrix()
    {
        var rows = new TheoryData<Account, Subtree, TopicKind, Operation, bool>();
        foreach (var kind in Enum.GetValues<TopicKind>())
        {
            rows.Add(Account.Gateway, Subtree.Own, kind, Operation.Publish, GatewayWrites.Contains(kind));
            rows.Add(Account.Gateway, Subtree.Own, kind, Operation.Subscribe, HubWrites.Contains(kind));
            rows.Add(Account.Gateway, Subtree.OtherGateway, kind, Operation.Publish, false);
            rows.Add(Account.Gateway, Subtree.OtherGateway, kind, Operation.Subscribe, false);
            foreach (var subtree in Enum.GetValues<Subtree>())
            {
                rows.Add(Account.Hub, subtree, kind, Operation.Publish, HubMayWrite.Contains(kind));
                rows.Add(Account.Hub, subtree, kind, Operation.Subscribe, true);
            }
        }
        return rows;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Access(Account account, Subtree subtree, TopicKind kind, Operation operation, bool allowed)
    {
        var credentials = await fixture.EnrolledAsync();
        var tag = $"{account}-{subtree}-{kind}-{operation}-{Guid.NewGuid():N}";
        var (community, gateway) = subtree == Subtree.Own ? (OwnCommunity, Own) : (OtherCommunity, Other);
        var topic = TopicOf(community, gateway, kind);
        await using var actor = account == Account.Hub
            ? await fixture.ConnectAsync($"hub-{tag}", EnrolmentFixture.HubUsername, fixture.HubPassword)
            : await fixture.ConnectAsync($"{Own}-{tag}", credentials[Own].Username, credentials[Own].Password);

        var seen = operation == Operation.Publish
            ? await PublishAsync(account, actor, topic, tag)
            : await SubscribeAsync(actor, credentials, topic, gateway, kind, tag);

        string[] expected = allowed ? [$"{topic} {tag}-qos1", .. operation == Operation.Publish ? [$"{topic} {tag}-qos0"] : Array.Empty<string>()] : [];
        Assert.Equal(expected, seen);
    }

    /// <summary>The messages of this case an observer reading everything saw before the actor's marker.</summary>
    private async Task<IReadOnlyList<string>> PublishAsync(Account account, MqttClient actor, string topic, string tag)
    {
        await using var observer = await fixture.ConnectAsync($"observer-{tag}", EnrolmentFixture.HubUsername, fixture.HubPassword);
        var seen = new BlockingCollection<string>();
        await observer.SubscribeAsync($"{Topics.Root}/#", MqttQos.AtLeastOnce, m => Record(seen, m, tag));

        try
        {
            await actor.PublishAsync(topic, Payload($"{tag}-qos1"), MqttQos.AtLeastOnce);
        }
        catch (MqttException refused)
        {
            Assert.Contains("reason code 135", refused.Message, StringComparison.Ordinal);
        }
        await actor.PublishAsync(topic, Payload($"{tag}-qos0"), MqttQos.AtMostOnce);

        var marker = account == Account.Hub ? Topics.Commands(OwnCommunity, Own, Own) : Topics.Events(OwnCommunity, Own, "matrix-marker");
        await actor.PublishAsync(marker, Payload($"{tag}-marker"), MqttQos.AtLeastOnce);
        return UntilMarker(seen, $"{marker} {tag}-marker");
    }

    /// <summary>
    /// The messages of this case the actor received on <paramref name="topic"/> before the marker, which the hub sends on
    /// the actor's own commands only after the topic's writer had its PUBACK (so the broker had routed that message first).
    /// </summary>
    private async Task<IReadOnlyList<string>> SubscribeAsync(
        MqttClient actor, IReadOnlyDictionary<string, (string Username, string Password)> credentials,
        string topic, string gateway, TopicKind kind, string tag)
    {
        var seen = new BlockingCollection<string>();
        var marker = Topics.Commands(OwnCommunity, Own, Own);
        await actor.SubscribeAsync(marker, MqttQos.AtLeastOnce, m => Record(seen, m, tag));
        if (topic != marker)
        {
            try
            {
                await actor.SubscribeAsync(topic, MqttQos.AtLeastOnce, m => Record(seen, m, tag));
            }
            catch (MqttException)
            {
                // Refused at SUBACK is as good as granted and never delivered; what counts is what arrives.
            }
        }

        await using (var writer = HubWrites.Contains(kind)
            ? await fixture.ConnectAsync($"writer-hub-{tag}", EnrolmentFixture.HubUsername, fixture.HubPassword)
            : await fixture.ConnectAsync($"writer-{gateway}-{tag}", credentials[gateway].Username, credentials[gateway].Password))
        {
            await writer.PublishAsync(topic, Payload($"{tag}-qos1"), MqttQos.AtLeastOnce);
        }

        await using var hub = await fixture.ConnectAsync($"marker-{tag}", EnrolmentFixture.HubUsername, fixture.HubPassword);
        await hub.PublishAsync(marker, Payload($"{tag}-marker"), MqttQos.AtLeastOnce);
        return UntilMarker(seen, $"{marker} {tag}-marker");
    }

    private static string TopicOf(string community, string gateway, TopicKind kind) => kind switch
    {
        TopicKind.Status => Topics.Status(community, gateway),
        TopicKind.Heartbeat => Topics.Heartbeat(community, gateway),
        TopicKind.Acks => Topics.Acks(community, gateway),
        // Commands and results of the gateway itself: the ones the contract uses (a mode switch and its result).
        TopicKind.Commands or TopicKind.CommandResults => new ContractTopic(community, gateway, kind, gateway).ToString(),
        _ => new ContractTopic(community, gateway, kind, Device).ToString(),
    };

    private static ReadOnlyMemory<byte> Payload(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Only this case's messages: the running hub publishes acknowledgements of its own.</summary>
    private static ValueTask Record(BlockingCollection<string> seen, MqttMessage message, string tag)
    {
        var payload = Encoding.UTF8.GetString(message.Payload.Span);
        if (payload.StartsWith(tag, StringComparison.Ordinal))
            seen.Add($"{message.Topic} {payload}");
        return ValueTask.CompletedTask;
    }

    private static List<string> UntilMarker(BlockingCollection<string> seen, string marker)
    {
        var before = new List<string>();
        while (seen.TryTake(out var message, Poll.DefaultTimeout))
        {
            if (message == marker)
                return before;
            before.Add(message);
        }
        throw new TimeoutException($"the marker '{marker}' did not arrive; before it: {string.Join(", ", before)}");
    }

    /// <summary>The authenticated broker and hub, with both gateways enrolled once for every case.</summary>
    public sealed class MatrixFixture : EnrolmentFixture
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private Dictionary<string, (string Username, string Password)>? _credentials;

        public async Task<IReadOnlyDictionary<string, (string Username, string Password)>> EnrolledAsync()
        {
            await _gate.WaitAsync();
            try
            {
                if (_credentials is null)
                {
                    var credentials = new Dictionary<string, (string Username, string Password)>(StringComparer.Ordinal);
                    foreach (var gateway in new[] { Own, Other })
                    {
                        var issued = await IssueAsync(gateway);
                        var (status, body) = await RedeemAsync((string)issued["code"]!);
                        Assert.Equal(HttpStatusCode.OK, status);
                        credentials[gateway] = ((string)body["broker"]!["username"]!, (string)body["broker"]!["password"]!);
                    }
                    _credentials = credentials;
                }
                return _credentials;
            }
            finally
            {
                _gate.Release();
            }
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            _gate.Dispose();
        }
    }
}
