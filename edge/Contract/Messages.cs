namespace EdgeSecurity.Contract;

/// <summary>
/// Where a device is: the community and, inside it, the grid and the building/unit/floor/room.
/// City, district and street/town are known to the hub from the community.
/// </summary>
public sealed record Place(string Community, string? Grid = null, string? Building = null, string? Unit = null, string? Floor = null, string? Room = null)
{
    public override string ToString() =>
        string.Join('/', new[] { Community, Grid, Building, Unit, Floor, Room }.Where(p => !string.IsNullOrEmpty(p)));
}

public enum EvidenceKind { Snapshot, Clip }

/// <summary>A pointer to evidence kept by the edge or the hub; the payload itself never carries images.</summary>
public sealed record EvidenceRef(EvidenceKind Kind, string Uri);

/// <summary>Something noticed at a device. <see cref="EventId"/> is globally unique and is the key for exactly-once handling.</summary>
public sealed record EdgeEvent(
    Guid EventId,
    string GatewayId,
    string DeviceId,
    Place Place,
    EventType Type,
    WarningLevel Level,
    DateTimeOffset OccurredAt,
    DateTimeOffset PublishedAt,
    EvidenceRef? Evidence = null,
    bool IsTest = false,
    IReadOnlyDictionary<string, string>? Attributes = null);

public enum GatewayState { Online, Offline }

/// <summary>Retained on the status topic; the offline form is also the gateway's last will.</summary>
public sealed record GatewayStatus(string GatewayId, GatewayState State, DateTimeOffset At, string? AgentVersion = null);

/// <summary>
/// <see cref="Backlog"/> is optional: gateways without an outbox (agents before 0.2) leave it out; so is
/// <see cref="Gateway"/>, the gateway's own health, which older agents do not report.
/// </summary>
public sealed record Heartbeat(string GatewayId, DateTimeOffset At, long UptimeSeconds, int DeviceCount, OutboxBacklog? Backlog = null, GatewayHealth? Gateway = null);

/// <summary>
/// How the gateway machine itself is doing. Every member is optional because not every gateway can measure it
/// (many have no thermal sensor): CPU use since the previous heartbeat in percent of all cores, memory in use
/// (total less available) and in total, free bytes on the file system of the agent's data directory (the outbox's
/// disk), the hottest thermal zone, and the agent's version.
/// </summary>
public sealed record GatewayHealth(
    double? CpuPercent = null,
    long? MemoryUsedBytes = null,
    long? MemoryTotalBytes = null,
    long? DataDiskFreeBytes = null,
    double? TemperatureCelsius = null,
    string? AgentVersion = null);

/// <summary>
/// What a gateway's outbox holds that the hub has not confirmed yet, per priority, and the age of its oldest entry;
/// <see cref="ThinnedTelemetry"/> counts telemetry points dropped to keep the outbox within its disk quota, ever.
/// </summary>
public sealed record OutboxBacklog(long Events, long States, long Telemetry, long OldestAgeSeconds, long ThinnedTelemetry);

/// <summary>
/// Retained current state of a device, e.g. a door contact's "open" or "closed", a smoke detector's "normal",
/// "alarm", "fault" or "offline". <see cref="Health"/> is optional: devices that know more about themselves (a
/// polled detector) report it; older agents and simple contacts leave it out.
/// </summary>
public sealed record DeviceState(string GatewayId, string DeviceId, string State, DateTimeOffset At, DeviceHealth? Health = null);

/// <summary>
/// Whether a device answers and what it says about itself: <see cref="LastSeenAt"/> is its last valid answer (or
/// signal), <see cref="Fault"/> and <see cref="LowBattery"/> are null when the device cannot tell, and
/// <see cref="BatteryVolts"/> when it has no battery measurement.
/// </summary>
public sealed record DeviceHealth(bool Online, DateTimeOffset? LastSeenAt = null, bool? Fault = null, bool? LowBattery = null, double? BatteryVolts = null);

/// <summary>Measurements of one device at one time, e.g. a smoke detector's smoke density and temperature.</summary>
public sealed record DeviceTelemetry(string GatewayId, string DeviceId, DateTimeOffset At, IReadOnlyDictionary<string, double> Values);

/// <summary>
/// The hub's answer to a gateway's events: <see cref="Stored"/> are durable in the hub's store (now or before: a
/// redelivery), <see cref="Refused"/> failed validation and never will pass it. Either way the gateway may forget them.
/// </summary>
public sealed record EventAcks(IReadOnlyList<Guid> Stored, IReadOnlyList<RefusedEvent> Refused);

/// <summary>An event the hub refused, with the rejection code it counts it under (e.g. <c>unknown_event_type</c>).</summary>
public sealed record RefusedEvent(Guid EventId, string Reason);
