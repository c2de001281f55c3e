using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Agent.Publishing;
using EdgeSecurity.Contract;

namespace EdgeSecurity.Agent.Outbox;

/// <summary>Turns what devices report into contract messages and writes them to the outbox, before anything is published.</summary>
public sealed class OutboxPublisher(DurableOutbox queue, AgentConfig config) : IEventPublisher
{
    private readonly GatewayConfig _gateway = config.Gateway;

    public Guid PublishEvent(Detection detection)
    {
        // PublishedAt is a placeholder here: every attempt stamps its own time. The id stays the same across attempts.
        var edgeEvent = new EdgeEvent(Guid.CreateVersion7(), _gateway.Id, detection.DeviceId, detection.Place,
            detection.Type, detection.Level ?? detection.Type.DefaultLevel, detection.OccurredAt, detection.OccurredAt,
            detection.Evidence, detection.IsTest, detection.Attributes);
        queue.Add(new OutboxMessage(OutboxPriority.Event, detection.DeviceId, Topics.Events(_gateway.Community, _gateway.Id, detection.DeviceId),
            Retain: false, edgeEvent.EventId, ContractWriter.ToJson(edgeEvent)));
        return edgeEvent.EventId;
    }

    /// <summary>
    /// An evidence file for the hub, at event priority after the device's event that names it (a device's messages go in
    /// order); it leaves the outbox at the broker's PUBACK, since the hub confirms events, not files.
    /// </summary>
    public void PublishEvidence(string deviceId, EvidenceUpload upload) =>
        queue.Add(new OutboxMessage(OutboxPriority.Event, deviceId, Topics.Evidence(_gateway.Community, _gateway.Id, deviceId),
            Retain: false, HubAckId: null, ContractWriter.ToJson(upload)));

    /// <summary>
    /// A structured object of a camera (with its crop), at event priority; like evidence it leaves the outbox at the
    /// broker's PUBACK, and the hub keeps one copy per object id.
    /// </summary>
    public void PublishObject(string deviceId, StructuredObject o) =>
        queue.Add(new OutboxMessage(OutboxPriority.Event, deviceId, Topics.Objects(_gateway.Community, _gateway.Id, deviceId),
            Retain: false, HubAckId: null, ContractWriter.ToJson(o)));

    public void PublishState(string deviceId, string state, DateTimeOffset at, DeviceHealth? health = null) =>
        queue.Add(new OutboxMessage(OutboxPriority.State, deviceId, Topics.State(_gateway.Community, _gateway.Id, deviceId),
            Retain: true, HubAckId: null, ContractWriter.ToJson(new DeviceState(_gateway.Id, deviceId, state, at, health))));

    /// <summary>
    /// With a UUIDv7 telemetry id, so the point stays in the outbox until the hub confirms it durable (in InfluxDB or
    /// its spool); a copy sent again carries the same time and overwrites itself in InfluxDB.
    /// </summary>
    public void PublishTelemetry(string deviceId, IReadOnlyDictionary<string, double> values, DateTimeOffset at)
    {
        var telemetry = new DeviceTelemetry(_gateway.Id, deviceId, at, values, Guid.CreateVersion7());
        queue.Add(new OutboxMessage(OutboxPriority.Telemetry, deviceId, Topics.Telemetry(_gateway.Community, _gateway.Id, deviceId),
            Retain: false, telemetry.TelemetryId, ContractWriter.ToJson(telemetry)));
    }
}
