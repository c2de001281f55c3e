using System.Text.Json.Serialization;

namespace EdgeSecurity.Contract;

// The JSON shapes on the wire. Every member is nullable so that a missing field is reported
// by name during validation instead of surfacing as a serializer exception.

internal sealed class PlaceWire
{
    public string? Community { get; set; }
    public string? Grid { get; set; }
    public string? Building { get; set; }
    public string? Unit { get; set; }
    public string? Floor { get; set; }
    public string? Room { get; set; }
}

internal sealed class EvidenceWire
{
    public string? Kind { get; set; }
    public string? Uri { get; set; }
}

internal sealed class EventWire
{
    public int? V { get; set; }
    public string? EventId { get; set; }
    public string? GatewayId { get; set; }
    public string? DeviceId { get; set; }
    public PlaceWire? Place { get; set; }
    public string? Type { get; set; }
    public int? Level { get; set; }
    public DateTimeOffset? OccurredAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public EvidenceWire? Evidence { get; set; }
    public bool? Test { get; set; }
    public Dictionary<string, string>? Attributes { get; set; }
}

internal sealed class StatusWire
{
    public int? V { get; set; }
    public string? GatewayId { get; set; }
    public string? State { get; set; }
    public DateTimeOffset? At { get; set; }
    public string? AgentVersion { get; set; }
    public string? Mode { get; set; }
}

internal sealed class HeartbeatWire
{
    public int? V { get; set; }
    public string? GatewayId { get; set; }
    public DateTimeOffset? At { get; set; }
    public long? UptimeSeconds { get; set; }
    public int? DeviceCount { get; set; }
    public BacklogWire? Backlog { get; set; }
    public GatewayHealthWire? Gateway { get; set; }
}

internal sealed class GatewayHealthWire
{
    public double? CpuPercent { get; set; }
    public long? MemoryUsedBytes { get; set; }
    public long? MemoryTotalBytes { get; set; }
    public long? DataDiskFreeBytes { get; set; }
    public double? TemperatureCelsius { get; set; }
    public string? AgentVersion { get; set; }
}

internal sealed class BacklogWire
{
    public long? Events { get; set; }
    public long? States { get; set; }
    public long? Telemetry { get; set; }
    public long? OldestAgeSeconds { get; set; }
    public long? ThinnedTelemetry { get; set; }
}

internal sealed class TelemetryWire
{
    public int? V { get; set; }
    public string? GatewayId { get; set; }
    public string? DeviceId { get; set; }
    public DateTimeOffset? At { get; set; }
    public Dictionary<string, double>? Values { get; set; }
    public string? TelemetryId { get; set; }
}

internal sealed class EvidenceUploadWire
{
    public int? V { get; set; }
    public string? Uri { get; set; }
    public string? ContentType { get; set; }
    public string? Sha256 { get; set; }
    public byte[]? Data { get; set; }
}

internal sealed class StructuredObjectWire
{
    public int? V { get; set; }
    public string? ObjectId { get; set; }
    public string? GatewayId { get; set; }
    public string? DeviceId { get; set; }
    public string? Kind { get; set; }
    public string? Label { get; set; }
    public long? TrackId { get; set; }
    public DateTimeOffset? At { get; set; }
    public ObjectBoxWire? Box { get; set; }
    public double? Confidence { get; set; }
    public string? Direction { get; set; }
    public ObjectImageWire? Image { get; set; }
}

internal sealed class ObjectBoxWire
{
    public int? Left { get; set; }
    public int? Top { get; set; }
    public int? Right { get; set; }
    public int? Bottom { get; set; }
    public int? FrameWidth { get; set; }
    public int? FrameHeight { get; set; }
}

internal sealed class ObjectImageWire
{
    public string? Uri { get; set; }
    public string? ContentType { get; set; }
    public string? Sha256 { get; set; }
    public int? Width { get; set; }
    public int? Height { get; set; }
    public byte[]? Data { get; set; }
}

internal sealed class EventAcksWire
{
    public int? V { get; set; }
    public List<string>? Stored { get; set; }
    public List<RefusedEventWire>? Refused { get; set; }
}

internal sealed class RefusedEventWire
{
    public string? EventId { get; set; }
    public string? Reason { get; set; }
}

internal sealed class DeviceStateWire
{
    public int? V { get; set; }
    public string? GatewayId { get; set; }
    public string? DeviceId { get; set; }
    public string? State { get; set; }
    public DateTimeOffset? At { get; set; }
    public DeviceHealthWire? Health { get; set; }
}

internal sealed class DeviceHealthWire
{
    public bool? Online { get; set; }
    public DateTimeOffset? LastSeenAt { get; set; }
    public bool? Fault { get; set; }
    public bool? LowBattery { get; set; }
    public double? BatteryVolts { get; set; }
}

internal sealed class CommandWire
{
    public int? V { get; set; }
    public string? CommandId { get; set; }
    public DateTimeOffset? IssuedAt { get; set; }
    public string? Command { get; set; }
    public string? Mode { get; set; }
    public string? IssuedBy { get; set; }
}

internal sealed class CommandResultWire
{
    public int? V { get; set; }
    public string? CommandId { get; set; }
    public string? GatewayId { get; set; }
    public string? DeviceId { get; set; }
    public string? Outcome { get; set; }
    public DateTimeOffset? At { get; set; }
    public string? Reason { get; set; }
    public string? Detail { get; set; }
    public string? Mode { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(EventWire))]
[JsonSerializable(typeof(StatusWire))]
[JsonSerializable(typeof(HeartbeatWire))]
[JsonSerializable(typeof(DeviceStateWire))]
[JsonSerializable(typeof(TelemetryWire))]
[JsonSerializable(typeof(EventAcksWire))]
[JsonSerializable(typeof(EvidenceUploadWire))]
[JsonSerializable(typeof(CommandWire))]
[JsonSerializable(typeof(StructuredObjectWire))]
[JsonSerializable(typeof(CommandResultWire))]
internal sealed partial class WireJsonContext : JsonSerializerContext;
