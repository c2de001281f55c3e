using System.Text;
using EdgeSecurity.Bindings.Mosquitto;
using EdgeSecurity.Contract;
using EdgeSecurity.Testing;

namespace EdgeSecurity.Agent.Tests.Support;

/// <summary>
/// A subscriber that keeps every message it receives, so a test can wait for one in any order. Waiting is
/// bounded: a message that never comes fails the test with what did come. Unless told otherwise it plays the hub's
/// part of the contract too: it confirms every event and telemetry point it receives, so the agent's outbox lets go of it.
/// </summary>
public sealed class MqttProbe : IAsyncDisposable
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(15);

    private readonly Lock _gate = new();
    private readonly List<MqttMessage> _received = [];
    private readonly List<(Func<MqttMessage, bool> Matches, TaskCompletionSource<MqttMessage> Seen)> _waiting = [];
    private readonly MqttClient _client;
    private readonly bool _confirmEvents;

    private MqttProbe(MqttClient client, bool confirmEvents)
    {
        _client = client;
        _confirmEvents = confirmEvents;
    }

    /// <summary>
    /// With <paramref name="persistentSession"/>, the broker keeps the subscription and queues messages while the
    /// probe is cut off (for instance by a broker restart), so nothing published meanwhile is missed.
    /// </summary>
    public static async Task<MqttProbe> SubscribeAsync(MosquittoBroker broker, string filter, bool persistentSession = false, bool confirmEvents = true)
    {
        var client = new MqttClient(new MqttClientOptions
        {
            ClientId = $"probe-{Guid.NewGuid():N}",
            Host = broker.Host,
            Port = broker.Port,
            CleanSession = !persistentSession,
            SessionExpiry = persistentSession ? TimeSpan.FromHours(1) : TimeSpan.Zero,
            // Back as soon as a restarted broker is: what the agent delivered meanwhile waits for the probe's confirmation.
            ReconnectMaxDelay = TimeSpan.FromSeconds(1),
        });
        var probe = new MqttProbe(client, confirmEvents);
        try
        {
            await client.ConnectAsync().WaitAsync(WaitTimeout);
            await client.SubscribeAsync(filter, MqttQos.AtLeastOnce, probe.OnMessage).WaitAsync(WaitTimeout);
            return probe;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>What a client subscribing now is handed as the retained message of <paramref name="topic"/>.</summary>
    public static async Task<MqttMessage> RetainedAsync(MosquittoBroker broker, string topic, Func<MqttMessage, bool> matches)
    {
        await using var probe = await SubscribeAsync(broker, topic);
        return await probe.WaitForAsync(m => m.Retain && matches(m), $"a retained message on {topic}");
    }

    public async Task<MqttMessage> WaitForAsync(Func<MqttMessage, bool> matches, string what)
    {
        var seen = new TaskCompletionSource<MqttMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_received.FirstOrDefault(matches) is { } earlier)
                return earlier;
            _waiting.Add((matches, seen));
        }
        try
        {
            return await seen.Task.WaitAsync(WaitTimeout);
        }
        catch (TimeoutException)
        {
            string received;
            lock (_gate)
                received = string.Join("\n", _received.Select(m => $"{m.Topic} retain={m.Retain}: {Encoding.UTF8.GetString(m.Payload.Span)}"));
            throw new TimeoutException($"no {what} within {WaitTimeout.TotalSeconds} s; received:\n{received}");
        }
    }

    public Task<MqttMessage> StatusAsync(GatewayState state) =>
        WaitForAsync(m => ContractTopicOf(m)?.Kind == TopicKind.Status && ContractReader.ReadStatus(ContractTopicOf(m)!, m.Payload).Value?.State == state, $"{state} status");

    public static ContractTopic? ContractTopicOf(MqttMessage message) => Topics.TryParse(message.Topic, out _);

    /// <summary>Every message received so far, in arrival order.</summary>
    public IReadOnlyList<MqttMessage> Received
    {
        get
        {
            lock (_gate)
                return [.. _received];
        }
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private ValueTask OnMessage(MqttMessage message)
    {
        if (_confirmEvents && ContractTopicOf(message) is { } topic && HubAckIdOf(topic, message) is { } id)
        {
            var acks = ContractWriter.ToJson(new EventAcks([id], []));
            _ = _client.PublishAsync(Topics.Acks(topic.Community, topic.Gateway), acks, MqttQos.AtLeastOnce);
        }
        Keep(message);
        return ValueTask.CompletedTask;
    }

    private static Guid? HubAckIdOf(ContractTopic topic, MqttMessage message) => topic.Kind switch
    {
        TopicKind.Events => ContractReader.EventIdOf(message.Payload),
        TopicKind.Telemetry => ContractReader.TelemetryIdOf(message.Payload),
        _ => null,
    };

    private void Keep(MqttMessage message)
    {
        lock (_gate)
        {
            _received.Add(message);
            foreach (var waiter in _waiting.Where(w => w.Matches(message)).ToList())
            {
                waiter.Seen.TrySetResult(message);
                _waiting.Remove(waiter);
            }
        }
    }
}
