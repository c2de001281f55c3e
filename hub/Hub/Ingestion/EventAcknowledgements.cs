using System.Threading.Channels;
using EdgeSecurity.Bindings.Mosquitto;
using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Telemetry;

namespace EdgeSecurity.Hub.Ingestion;

/// <summary>
/// Tells each gateway which of its events and telemetry points are durable at the hub, or refused for good, on
/// <c>es/v1/{community}/{gateway}/acks</c>: until then the gateway keeps them in its outbox and publishes them again.
/// This closes what the broker's PUBACK cannot: libmosquitto acknowledges a message to the broker before the hub has
/// stored it, and a broker that crashes loses what it had acknowledged but not yet delivered. An event is durable once
/// its incident is committed; a telemetry point once InfluxDB has answered 2xx for its batch or the batch is in the spool
/// (<see cref="ITelemetryConfirmations"/>, called by the InfluxDB writer). Both kinds share the <c>stored</c> and
/// <c>refused</c> lists: ids are UUIDs, so the gateway finds each in its outbox whatever its kind.
/// Confirmations are batched per gateway: whatever arrived while the previous batch was being published goes in the
/// next, so a batch of 5000 telemetry points costs a gateway a handful of messages, and ingestion never waits for them.
/// </summary>
public sealed class EventAcknowledgements(ILogger<EventAcknowledgements> logger) : ITelemetryConfirmations
{
    // Well below the contract's limit per message, which keeps a batch far under the 64 KiB payload limit.
    private const int MaxPerMessage = ContractReader.MaxAcksPerMessage / 2;

    private readonly Channel<Acknowledgement> _pending = Channel.CreateUnbounded<Acknowledgement>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>The event is committed to the store (now, or earlier for a redelivery).</summary>
    public void Stored(ContractTopic topic, Guid eventId) =>
        _pending.Writer.TryWrite(new Acknowledgement(topic.Community, topic.Gateway, eventId, RefusedBecause: null));

    /// <summary>The event or telemetry point failed validation: sending it again cannot help.</summary>
    public void Refused(ContractTopic topic, Guid id, string reason) =>
        _pending.Writer.TryWrite(new Acknowledgement(topic.Community, topic.Gateway, id, reason));

    public void Durable(IReadOnlyList<TelemetryReceipt> receipts)
    {
        foreach (var receipt in receipts)
            _pending.Writer.TryWrite(new Acknowledgement(receipt.Community, receipt.Gateway, receipt.TelemetryId, RefusedBecause: null));
    }

    /// <summary>InfluxDB refused the batch (a 4xx, such as a field whose type differs from the one it has stored): counted as <c>invalid_field</c>.</summary>
    public void Refused(IReadOnlyList<TelemetryReceipt> receipts, string reason)
    {
        logger.LogWarning("Telling gateways that {Count} telemetry points are refused for good, InfluxDB refused them: {Reason}", receipts.Count, reason);
        foreach (var receipt in receipts)
            _pending.Writer.TryWrite(new Acknowledgement(receipt.Community, receipt.Gateway, receipt.TelemetryId, ApiNames.Of(RejectionReason.InvalidField)));
    }

    /// <summary>Publishes the confirmations with the ingestion's client until the hub stops. QoS 1: libmosquitto keeps them across a reconnect.</summary>
    public async Task RunAsync(MqttClient client, CancellationToken stopping)
    {
        while (await _pending.Reader.WaitToReadAsync(stopping).ConfigureAwait(false))
        {
            var batches = new Dictionary<(string Community, string Gateway), List<Acknowledgement>>();
            while (_pending.Reader.TryRead(out var acknowledgement))
            {
                var key = (acknowledgement.Community, acknowledgement.Gateway);
                if (!batches.TryGetValue(key, out var batch))
                    batches[key] = batch = [];
                batch.Add(acknowledgement);
            }
            var publishing = batches.SelectMany(b => b.Value.Chunk(MaxPerMessage).Select(chunk => PublishAsync(client, b.Key.Community, b.Key.Gateway, chunk, stopping)));
            await Task.WhenAll(publishing).ConfigureAwait(false);
        }
    }

    private async Task PublishAsync(MqttClient client, string community, string gateway, Acknowledgement[] chunk, CancellationToken stopping)
    {
        var acks = new EventAcks(
            [.. chunk.Where(a => a.RefusedBecause is null).Select(a => a.Id)],
            [.. chunk.Where(a => a.RefusedBecause is not null).Select(a => new RefusedEvent(a.Id, a.RefusedBecause!))]);
        try
        {
            await client.PublishAsync(Topics.Acks(community, gateway), ContractWriter.ToJson(acks), MqttQos.AtLeastOnce, retain: false, stopping).ConfigureAwait(false);
        }
        catch (MqttException e)
        {
            // The gateway publishes the events and points again after its timeout, and they are confirmed then.
            logger.LogWarning("Could not confirm {Count} events or telemetry points to gateway {Gateway}: {Error}", chunk.Length, gateway, e.Message);
        }
    }

    private sealed record Acknowledgement(string Community, string Gateway, Guid Id, string? RefusedBecause);
}
