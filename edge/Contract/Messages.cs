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

/// <summary>
/// One evidence file sent to the hub, so the hub can show it without reaching the gateway: the snapshot an event's
/// <see cref="EdgeEvent.Evidence"/> names by <see cref="Uri"/> (<c>evidence://{gateway}/snapshots/{uuid}.jpg</c>), its
/// bytes and their SHA-256 (lower-case hex). Unblurred originals are never sent.
/// </summary>
public sealed record EvidenceUpload(string Uri, string ContentType, string Sha256, ReadOnlyMemory<byte> Data);

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

/// <summary>
/// Retained on the status topic; the offline form is also the gateway's last will. <see cref="Mode"/> (optional) is the
/// gateway's operating mode while online; the gateway publishes its status again whenever the mode changes.
/// </summary>
public sealed record GatewayStatus(string GatewayId, GatewayState State, DateTimeOffset At, string? AgentVersion = null, GatewayMode? Mode = null);

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

/// <summary>
/// Measurements of one device at one time, e.g. a smoke detector's smoke density and temperature. <see cref="TelemetryId"/>
/// (optional, a UUID; the edge uses version 7) asks the hub to confirm the point on the acks topic once it is durable, as
/// events are confirmed; agents before end-to-end telemetry leave it out and are not confirmed.
/// </summary>
public sealed record DeviceTelemetry(string GatewayId, string DeviceId, DateTimeOffset At, IReadOnlyDictionary<string, double> Values, Guid? TelemetryId = null);

/// <summary>
/// The hub's answer to a gateway's events and telemetry points (by <c>eventId</c> or <c>telemetryId</c>; UUIDs never
/// collide, so one list serves both): <see cref="Stored"/> are durable at the hub (now or before: a redelivery),
/// <see cref="Refused"/> failed validation and never will pass it. Either way the gateway may forget them.
/// </summary>
public sealed record EventAcks(IReadOnlyList<Guid> Stored, IReadOnlyList<RefusedEvent> Refused);

/// <summary>
/// An event or telemetry point the hub refused, with the rejection code it counts it under (e.g. <c>unknown_event_type</c>).
/// <see cref="EventId"/> is the refused message's id, a telemetry id too (the wire name predates telemetry ids).
/// </summary>
public sealed record RefusedEvent(Guid EventId, string Reason);

/// <summary>平战转换: the gateway's operating mode, switched by the hub; it changes thresholds and warning levels.</summary>
public enum GatewayMode { Normal, Heightened, Emergency }

/// <summary>
/// An order from the hub on <c>es/v1/{community}/{gateway}/commands/{gateway}</c>. <see cref="CommandId"/> (a UUID) and
/// <see cref="IssuedAt"/> let the gateway refuse a replayed or stale command. The only command of version 1 is
/// <c>set_mode</c>, which carries <see cref="Mode"/>.
/// </summary>
public sealed record HubCommand(Guid CommandId, DateTimeOffset IssuedAt, string Command, GatewayMode? Mode = null, string? IssuedBy = null);

public enum CommandOutcome { Accepted, Refused }

/// <summary>
/// The gateway's answer to a command, on <c>es/v1/{community}/{gateway}/results/{device}</c>. <see cref="Reason"/> is a
/// code (<see cref="CommandRefusals"/> or a <see cref="RejectionReason"/> code) when refused; <see cref="Mode"/> is the
/// mode in force after the command.
/// </summary>
public sealed record CommandResult(
    Guid CommandId,
    string GatewayId,
    string DeviceId,
    CommandOutcome Outcome,
    DateTimeOffset At,
    string? Reason = null,
    string? Detail = null,
    GatewayMode? Mode = null);

/// <summary>Why a gateway refuses a well-formed command.</summary>
public static class CommandRefusals
{
    /// <summary>Issued longer ago than the gateway accepts (or too far in the future).</summary>
    public const string Stale = "stale";
    /// <summary>A command id the gateway has already handled.</summary>
    public const string Replayed = "replayed";
    /// <summary>Issued before the command that set the current mode: an older order never overrides a newer one.</summary>
    public const string Superseded = "superseded";
}

public static class GatewayModes
{
    public static string Code(GatewayMode mode) => mode switch
    {
        GatewayMode.Normal => "normal",
        GatewayMode.Heightened => "heightened",
        GatewayMode.Emergency => "emergency",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    public static GatewayMode? Parse(string? code) => code switch
    {
        "normal" => GatewayMode.Normal,
        "heightened" => GatewayMode.Heightened,
        "emergency" => GatewayMode.Emergency,
        _ => null,
    };
}
