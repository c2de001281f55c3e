using EdgeSecurity.Bindings.Mosquitto;
using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Evidence;
using EdgeSecurity.Hub.Forwarding;
using EdgeSecurity.Hub.Gateways;
using EdgeSecurity.Hub.Incidents;
using EdgeSecurity.Hub.Telemetry;

namespace EdgeSecurity.Hub.Ingestion;

/// <summary>
/// Validates one received message against the contract and hands it to the capability that owns its kind.
/// Nothing a gateway sends can stop ingestion: a refused message is counted and logged (topic and reason,
/// never the payload), a message that cannot be stored is counted and logged as an error, and the next
/// message is handled as usual.
/// </summary>
public sealed class MessageDispatcher(
    IncidentRecorder incidents,
    GatewayStore gateways,
    GatewayCommandStore commands,
    EventAcknowledgements acknowledgements,
    ITelemetrySink telemetry,
    IngestStats stats,
    ILogger<MessageDispatcher> logger,
    EvidenceFiles evidence,
    EvidenceIndex evidenceIndex,
    StructuredObjectStore objects,
    TimeProvider clock)
{
    private const int MaxLoggedTopicLength = 200;

    // Storing is never cancelled: the broker considers a received QoS 1 message delivered, so during a
    // graceful shutdown every message already received is still stored.
    private static readonly CancellationToken UntilStored = CancellationToken.None;

    public async ValueTask DispatchAsync(MqttMessage message)
    {
        try
        {
            var topic = Topics.TryParse(message.Topic, out var reason);
            if (topic is null)
            {
                Reject(message.Topic, new Rejection(RejectionReason.UnknownTopic, reason!));
                return;
            }

            switch (topic.Kind)
            {
                case TopicKind.Events:
                    await AcceptEventAsync(topic, message.Payload).ConfigureAwait(false);
                    break;
                case TopicKind.Status:
                    await AcceptAsync(topic, ContractReader.ReadStatus(topic, message.Payload), (s, ct) => gateways.ApplyStatusAsync(topic.Community, s, ct)).ConfigureAwait(false);
                    break;
                case TopicKind.Heartbeat:
                    await AcceptAsync(topic, ContractReader.ReadHeartbeat(topic, message.Payload), async (h, ct) =>
                    {
                        await gateways.ApplyHeartbeatAsync(topic.Community, h, ct).ConfigureAwait(false);
                        telemetry.Write(TelemetryPoints.Of(topic.Community, h));
                    }).ConfigureAwait(false);
                    break;
                case TopicKind.State:
                    await AcceptAsync(topic, ContractReader.ReadDeviceState(topic, message.Payload), (s, ct) => gateways.ApplyDeviceStateAsync(topic.Community, s, ct)).ConfigureAwait(false);
                    break;
                case TopicKind.Telemetry:
                    AcceptTelemetry(topic, message.Payload);
                    break;
                case TopicKind.CommandResults:
                    await AcceptAsync(topic, ContractReader.ReadCommandResult(topic, message.Payload), async (r, ct) =>
                    {
                        if (!await commands.ApplyResultAsync(r, ct).ConfigureAwait(false))
                            logger.LogWarning("Gateway {Gateway} answered command {CommandId}, which the hub did not send it or which was answered already", r.GatewayId, r.CommandId);
                    }).ConfigureAwait(false);
                    break;
                case TopicKind.Evidence:
                    await AcceptAsync(topic, ContractReader.ReadEvidenceUpload(topic, message.Payload), async (upload, ct) =>
                    {
                        // Indexed even when the file was there already: a crash between the two left it unindexed.
                        await evidence.StoreAsync(upload, ct).ConfigureAwait(false);
                        await evidenceIndex.RecordAsync(upload.Uri, topic.Gateway, clock.GetUtcNow(), ct).ConfigureAwait(false);
                    }).ConfigureAwait(false);
                    break;
                case TopicKind.Objects:
                    await AcceptAsync(topic, ContractReader.ReadStructuredObject(topic, message.Payload), async (o, ct) =>
                    {
                        // The crop first: an object is never stored without its picture.
                        await evidence.StoreAsync(new EvidenceUpload(o.Image.Uri, "image/jpeg", o.Image.Sha256, o.Image.Data), ct).ConfigureAwait(false);
                        await objects.StoreAsync(topic.Community, o, clock.GetUtcNow(), ct).ConfigureAwait(false);
                    }).ConfigureAwait(false);
                    break;
                case TopicKind.Commands or TopicKind.Acks:
                    stats.Ignored();
                    break;
            }
        }
        catch (Exception e)
        {
            stats.Failed();
            logger.LogError(e, "Could not handle the message on {Topic}; it is lost to the hub", Shorten(message.Topic));
        }
    }

    /// <summary>
    /// Stored or refused, the gateway is told, so it can forget the event; only then. A refusal is confirmed only when the
    /// payload still names its event id.
    /// </summary>
    private async Task AcceptEventAsync(ContractTopic topic, ReadOnlyMemory<byte> payload)
    {
        var read = ContractReader.ReadEvent(topic, payload);
        if (read.Rejection is { } rejection)
        {
            Reject(topic.ToString(), rejection);
            if (ContractReader.EventIdOf(payload) is { } refused)
                acknowledgements.Refused(topic, refused, ApiNames.Of(rejection.Reason));
            return;
        }
        var e = read.Value!;
        if (!await incidents.RecordAsync(e, UntilStored).ConfigureAwait(false))
            stats.DuplicateEvent();
        stats.Accepted(TopicKind.Events);
        acknowledgements.Stored(topic, e.EventId);
    }

    /// <summary>
    /// A point with a telemetry id is confirmed by the InfluxDB writer once its batch is durable, not here; refused at
    /// once when it fails validation (like an event); and not confirmed at all when it is dropped (queue full, telemetry
    /// disabled), so that its gateway sends it again.
    /// </summary>
    private void AcceptTelemetry(ContractTopic topic, ReadOnlyMemory<byte> payload)
    {
        var read = ContractReader.ReadDeviceTelemetry(topic, payload);
        if (read.Rejection is { } rejection)
        {
            Reject(topic.ToString(), rejection);
            if (ContractReader.TelemetryIdOf(payload) is { } refused)
                acknowledgements.Refused(topic, refused, ApiNames.Of(rejection.Reason));
            return;
        }
        var t = read.Value!;
        var receipt = t.TelemetryId is { } id ? new TelemetryReceipt(topic.Community, topic.Gateway, id) : null;
        var written = telemetry.Write(TelemetryPoints.Of(topic.Community, t), receipt);
        if (written.Outcome == TelemetryWriteOutcome.Invalid && receipt is not null)
            acknowledgements.Refused(topic, receipt.TelemetryId, ApiNames.Of(RejectionReason.InvalidField));
        stats.Accepted(TopicKind.Telemetry);
    }

    private async Task AcceptAsync<T>(ContractTopic topic, ReadResult<T> read, Func<T, CancellationToken, Task> apply) where T : class
    {
        if (read.Rejection is { } rejection)
        {
            Reject(topic.ToString(), rejection);
            return;
        }
        await apply(read.Value!, UntilStored).ConfigureAwait(false);
        stats.Accepted(topic.Kind);
    }

    private void Reject(string topic, Rejection rejection)
    {
        stats.Rejected(rejection.Reason);
        // The reason is logged under the same name as its counter in /api/ingest/stats.
        logger.LogWarning("Rejected a message on {Topic}: {Reason}: {Detail}", Shorten(topic), ApiNames.Of(rejection.Reason), rejection.Detail);
    }

    private static string Shorten(string topic) => topic.Length <= MaxLoggedTopicLength ? topic : topic[..MaxLoggedTopicLength] + "…";
}
