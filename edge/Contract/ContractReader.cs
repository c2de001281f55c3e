using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace EdgeSecurity.Contract;

/// <summary>
/// Turns a payload received on a contract topic into a message, or into the reason it is refused.
/// Unknown fields are ignored so that a newer edge can add fields without breaking an older hub.
/// </summary>
public static class ContractReader
{
    public const int Version = 1;

    /// <summary>Payloads carry references to evidence, never images, so anything larger is a fault or an attack.</summary>
    public const int MaxPayloadBytes = 64 * 1024;

    /// <summary>An evidence file sent to the hub is at most this big; larger ones stay on the gateway.</summary>
    public const int MaxEvidenceBytes = 512 * 1024;

    /// <summary>The evidence envelope: base64 (4/3 of the data) and a few hundred bytes of fields.</summary>
    public const int MaxEvidencePayloadBytes = (MaxEvidenceBytes / 3 * 4) + 4096;

    private const int MaxAttributes = 32;
    private const int MaxAttributeKeyLength = 64;
    private const int MaxAttributeValueLength = 512;
    private const int MaxPlacePartLength = 64;
    private const int MaxUriLength = 2048;
    private const int MaxTelemetryValues = 64;
    private const int MaxTelemetryNameLength = 64;
    private const int MaxReasonLength = 64;

    /// <summary>About 1000 UUIDs fit well within <see cref="MaxPayloadBytes"/>.</summary>
    public const int MaxAcksPerMessage = 1000;

    public static ReadResult<EdgeEvent> ReadEvent(ContractTopic topic, ReadOnlyMemory<byte> payload)
    {
        var wire = Deserialize(payload, WireJsonContext.Default.EventWire, out var rejection);
        if (wire is null)
            return rejection!;

        var check = new FieldChecks();
        check.Version(wire.V);
        var eventId = check.Required(wire.EventId, "eventId");
        var gatewayId = check.Id(wire.GatewayId, "gatewayId");
        var deviceId = check.Id(wire.DeviceId, "deviceId");
        var place = ReadPlace(wire.Place, check);
        var typeCode = check.Required(wire.Type, "type");
        var level = check.Required(wire.Level, "level");
        var occurredAt = check.Required(wire.OccurredAt, "occurredAt");
        var publishedAt = check.Required(wire.PublishedAt, "publishedAt");
        var evidence = ReadEvidence(wire.Evidence, check);
        var attributes = ReadAttributes(wire.Attributes, check);
        if (check.First is not null)
            return check.First;

        if (!TryParseEventId(eventId, out var id))
            return new Rejection(RejectionReason.InvalidField, "field 'eventId' must be a non-empty UUID");
        if (level is < 1 or > 3)
            return new Rejection(RejectionReason.InvalidField, $"field 'level' = {level} must be 1, 2 or 3");
        if (occurredAt > publishedAt)
            return new Rejection(RejectionReason.InvalidField, "field 'occurredAt' is later than 'publishedAt'");
        var type = EventTypes.Find(typeCode);
        if (type is null)
            return new Rejection(RejectionReason.UnknownEventType, $"event type '{typeCode}' is not in contract version {Version}");

        check.Matches(gatewayId, topic.Gateway, "gatewayId", "gateway");
        check.Matches(deviceId, topic.Device ?? "", "deviceId", "device");
        check.Matches(place.Community, topic.Community, "place.community", "community");
        if (check.First is not null)
            return check.First;

        return new EdgeEvent(id, gatewayId, deviceId, place, type, (WarningLevel)level, occurredAt, publishedAt, evidence, wire.Test ?? false, attributes);
    }

    public static ReadResult<GatewayStatus> ReadStatus(ContractTopic topic, ReadOnlyMemory<byte> payload)
    {
        var wire = Deserialize(payload, WireJsonContext.Default.StatusWire, out var rejection);
        if (wire is null)
            return rejection!;

        var check = new FieldChecks();
        check.Version(wire.V);
        var gatewayId = check.Id(wire.GatewayId, "gatewayId");
        var state = check.Required(wire.State, "state");
        var at = check.Required(wire.At, "at");
        var agentVersion = check.OptionalText(wire.AgentVersion, "agentVersion", 64);
        check.Matches(gatewayId, topic.Gateway, "gatewayId", "gateway");
        var mode = GatewayModes.Parse(wire.Mode);
        if (wire.Mode is not null && mode is null)
            check.Invalid("field 'mode' must be 'normal', 'heightened' or 'emergency'");
        if (check.First is not null)
            return check.First;

        return state switch
        {
            "online" => new GatewayStatus(gatewayId, GatewayState.Online, at, agentVersion, mode),
            "offline" => new GatewayStatus(gatewayId, GatewayState.Offline, at, agentVersion, mode),
            _ => new Rejection(RejectionReason.InvalidField, $"field 'state' = '{state}' must be 'online' or 'offline'"),
        };
    }

    public static ReadResult<Heartbeat> ReadHeartbeat(ContractTopic topic, ReadOnlyMemory<byte> payload)
    {
        var wire = Deserialize(payload, WireJsonContext.Default.HeartbeatWire, out var rejection);
        if (wire is null)
            return rejection!;

        var check = new FieldChecks();
        check.Version(wire.V);
        var gatewayId = check.Id(wire.GatewayId, "gatewayId");
        var at = check.Required(wire.At, "at");
        var uptime = check.Required(wire.UptimeSeconds, "uptimeSeconds");
        var deviceCount = check.Required(wire.DeviceCount, "deviceCount");
        var backlog = ReadBacklog(wire.Backlog, check);
        var health = ReadGatewayHealth(wire.Gateway, check);
        check.Matches(gatewayId, topic.Gateway, "gatewayId", "gateway");
        if (uptime < 0 || deviceCount < 0)
            check.Invalid("fields 'uptimeSeconds' and 'deviceCount' must not be negative");
        if (check.First is not null)
            return check.First;

        return new Heartbeat(gatewayId, at, uptime, deviceCount, backlog, health);
    }

    public static ReadResult<DeviceTelemetry> ReadDeviceTelemetry(ContractTopic topic, ReadOnlyMemory<byte> payload)
    {
        var wire = Deserialize(payload, WireJsonContext.Default.TelemetryWire, out var rejection);
        if (wire is null)
            return rejection!;

        var check = new FieldChecks();
        check.Version(wire.V);
        var gatewayId = check.Id(wire.GatewayId, "gatewayId");
        var deviceId = check.Id(wire.DeviceId, "deviceId");
        var at = check.Required(wire.At, "at");
        var values = check.Required(wire.Values, "values");
        if (values is not null && (values.Count is 0 or > MaxTelemetryValues || values.Keys.Any(k => k.Length is 0 or > MaxTelemetryNameLength)))
            check.Invalid($"field 'values' must hold 1-{MaxTelemetryValues} measurements named by 1-{MaxTelemetryNameLength} characters");
        check.Matches(gatewayId, topic.Gateway, "gatewayId", "gateway");
        check.Matches(deviceId, topic.Device ?? "", "deviceId", "device");
        Guid? telemetryId = null;
        if (wire.TelemetryId is not null)
        {
            if (TryParseEventId(wire.TelemetryId, out var id))
                telemetryId = id;
            else
                check.Invalid("field 'telemetryId' must be a non-empty UUID");
        }
        if (check.First is not null)
            return check.First;

        return new DeviceTelemetry(gatewayId, deviceId, at, values!, telemetryId);
    }

    /// <summary>
    /// An evidence file from a gateway: a snapshot URI of the topic's gateway, <c>image/jpeg</c>, 1 byte to
    /// <see cref="MaxEvidenceBytes"/> of data (base64 in JSON) whose SHA-256 is <c>sha256</c>.
    /// </summary>
    public static ReadResult<EvidenceUpload> ReadEvidenceUpload(ContractTopic topic, ReadOnlyMemory<byte> payload)
    {
        var wire = Deserialize(payload, WireJsonContext.Default.EvidenceUploadWire, out var rejection, MaxEvidencePayloadBytes);
        if (wire is null)
            return rejection!;

        var check = new FieldChecks();
        check.Version(wire.V);
        var uri = check.Required(wire.Uri, "uri");
        var contentType = check.Required(wire.ContentType, "contentType");
        var sha256 = check.Required(wire.Sha256, "sha256");
        var data = check.Required(wire.Data, "data");
        if (check.First is not null)
            return check.First;
        var prefix = $"evidence://{topic.Gateway}/snapshots/";
        if (!uri.StartsWith(prefix, StringComparison.Ordinal) || !uri.EndsWith(".jpg", StringComparison.Ordinal)
            || !Guid.TryParseExact(uri[prefix.Length..^4], "D", out _))
            check.Invalid($"field 'uri' = '{Shorten(uri)}' must be {prefix}{{uuid}}.jpg: a snapshot of the topic's gateway");
        if (contentType != "image/jpeg")
            check.Invalid($"field 'contentType' = '{Shorten(contentType)}' must be 'image/jpeg'");
        if (data.Length is 0 or > MaxEvidenceBytes)
            check.Invalid($"field 'data' must hold 1 to {MaxEvidenceBytes} bytes; it holds {data.Length}");
        else if (!string.Equals(sha256, Convert.ToHexStringLower(SHA256.HashData(data)), StringComparison.Ordinal))
            check.Invalid("field 'sha256' is not the SHA-256 of 'data' (64 lower-case hex digits)");
        if (check.First is not null)
            return check.First;

        return new EvidenceUpload(uri, contentType, sha256, data);
    }

    /// <summary>The directions a structured object may travel in (image terms), or none when it stands.</summary>
    public static readonly IReadOnlyList<string> ObjectDirections = ["up", "up_right", "right", "down_right", "down", "down_left", "left", "up_left"];

    private const int MaxLabelLength = 64;
    private const int MaxFrameSide = 16384;

    /// <summary>
    /// A structured object from a gateway's camera: ids matching the topic, a known kind, a box inside its frame, a
    /// confidence in [0, 1], and a face-pixelated JPEG crop (a snapshot URI of the topic's gateway, 1 byte to
    /// <see cref="MaxEvidenceBytes"/>, its SHA-256). Up to <see cref="MaxEvidencePayloadBytes"/> like an evidence upload.
    /// </summary>
    public static ReadResult<StructuredObject> ReadStructuredObject(ContractTopic topic, ReadOnlyMemory<byte> payload)
    {
        var wire = Deserialize(payload, WireJsonContext.Default.StructuredObjectWire, out var rejection, MaxEvidencePayloadBytes);
        if (wire is null)
            return rejection!;

        var check = new FieldChecks();
        check.Version(wire.V);
        var objectId = check.Required(wire.ObjectId, "objectId");
        var gatewayId = check.Id(wire.GatewayId, "gatewayId");
        var deviceId = check.Id(wire.DeviceId, "deviceId");
        var kindCode = check.Required(wire.Kind, "kind");
        var label = check.Required(wire.Label, "label");
        var trackId = check.Required(wire.TrackId, "trackId");
        var at = check.Required(wire.At, "at");
        var box = check.Required(wire.Box, "box");
        var confidence = check.Required(wire.Confidence, "confidence");
        var image = check.Required(wire.Image, "image");
        if (box is not null)
        {
            check.Required(box.Left, "box.left");
            check.Required(box.Top, "box.top");
            check.Required(box.Right, "box.right");
            check.Required(box.Bottom, "box.bottom");
            check.Required(box.FrameWidth, "box.frameWidth");
            check.Required(box.FrameHeight, "box.frameHeight");
        }
        if (image is not null)
        {
            check.Required(image.Uri, "image.uri");
            check.Required(image.ContentType, "image.contentType");
            check.Required(image.Sha256, "image.sha256");
            check.Required(image.Width, "image.width");
            check.Required(image.Height, "image.height");
            check.Required(image.Data, "image.data");
        }
        if (check.First is not null)
            return check.First;

        if (!Guid.TryParse(objectId, out var id) || id == Guid.Empty)
            check.Invalid("field 'objectId' must be a non-empty UUID");
        var kind = ObjectKinds.Parse(kindCode);
        if (kind is null)
            check.Invalid($"field 'kind' = '{Shorten(kindCode)}' must be 'person', 'motor_vehicle' or 'non_motor_vehicle'");
        if (label.Length is 0 or > MaxLabelLength)
            check.Invalid($"field 'label' must be 1-{MaxLabelLength} characters");
        if (trackId < 0)
            check.Invalid("field 'trackId' must not be negative");
        if (confidence is < 0 or > 1 || double.IsNaN(confidence))
            check.Invalid("field 'confidence' must be from 0 to 1");
        if (wire.Direction is not null && !ObjectDirections.Contains(wire.Direction))
            check.Invalid($"field 'direction' = '{Shorten(wire.Direction)}' must be one of {string.Join(", ", ObjectDirections)}");
        var (w, h) = (box!.FrameWidth!.Value, box.FrameHeight!.Value);
        if (w is < 1 or > MaxFrameSide || h is < 1 or > MaxFrameSide)
            check.Invalid($"fields 'box.frameWidth' and 'box.frameHeight' must be 1-{MaxFrameSide}");
        else if (box.Left < 0 || box.Top < 0 || box.Right > w || box.Bottom > h || box.Right <= box.Left || box.Bottom <= box.Top)
            check.Invalid($"field 'box' must lie within its {w}×{h} frame, right of left and below top");
        var prefix = $"evidence://{topic.Gateway}/snapshots/";
        var uri = image!.Uri!;
        if (!uri.StartsWith(prefix, StringComparison.Ordinal) || !uri.EndsWith(".jpg", StringComparison.Ordinal)
            || !Guid.TryParseExact(uri[prefix.Length..^4], "D", out _))
            check.Invalid($"field 'image.uri' = '{Shorten(uri)}' must be {prefix}{{uuid}}.jpg: a snapshot of the topic's gateway");
        if (image.ContentType != "image/jpeg")
            check.Invalid($"field 'image.contentType' = '{Shorten(image.ContentType!)}' must be 'image/jpeg'");
        if (image.Width is < 1 or > MaxFrameSide || image.Height is < 1 or > MaxFrameSide)
            check.Invalid($"fields 'image.width' and 'image.height' must be 1-{MaxFrameSide}");
        var data = image.Data!;
        if (data.Length is 0 or > MaxEvidenceBytes)
            check.Invalid($"field 'image.data' must hold 1 to {MaxEvidenceBytes} bytes; it holds {data.Length}");
        else if (data is not [0xFF, 0xD8, ..])
            check.Invalid("field 'image.data' is not a JPEG (no SOI marker)");
        else if (!string.Equals(image.Sha256, Convert.ToHexStringLower(SHA256.HashData(data)), StringComparison.Ordinal))
            check.Invalid("field 'image.sha256' is not the SHA-256 of 'image.data' (64 lower-case hex digits)");
        check.Matches(gatewayId, topic.Gateway, "gatewayId", "gateway");
        check.Matches(deviceId, topic.Device ?? "", "deviceId", "device");
        if (check.First is not null)
            return check.First;

        return new StructuredObject(id, gatewayId, deviceId, kind!.Value, label, trackId, at,
            new ObjectBox(box.Left!.Value, box.Top!.Value, box.Right!.Value, box.Bottom!.Value, w, h), confidence, wire.Direction,
            new ObjectImage(uri, image.Sha256!, image.Width!.Value, image.Height!.Value, data));
    }

    public static ReadResult<EventAcks> ReadEventAcks(ReadOnlyMemory<byte> payload)
    {
        var wire = Deserialize(payload, WireJsonContext.Default.EventAcksWire, out var rejection);
        if (wire is null)
            return rejection!;

        var check = new FieldChecks();
        check.Version(wire.V);
        var stored = wire.Stored ?? [];
        var refused = wire.Refused ?? [];
        if (stored.Count + refused.Count is 0 or > MaxAcksPerMessage)
            check.Invalid($"fields 'stored' and 'refused' must hold 1-{MaxAcksPerMessage} ids together");
        if (check.First is not null)
            return check.First;

        var storedIds = new List<Guid>(stored.Count);
        foreach (var id in stored)
        {
            if (!TryParseEventId(id, out var eventId))
                return new Rejection(RejectionReason.InvalidField, "field 'stored' must hold non-empty UUIDs");
            storedIds.Add(eventId);
        }
        var refusedEvents = new List<RefusedEvent>(refused.Count);
        foreach (var entry in refused)
        {
            if (entry is null || !TryParseEventId(entry.EventId, out var eventId))
                return new Rejection(RejectionReason.InvalidField, "field 'refused' must hold entries with a non-empty UUID 'eventId'");
            if (entry.Reason is not { Length: > 0 and <= MaxReasonLength } reason)
                return new Rejection(RejectionReason.InvalidField, $"field 'refused[].reason' must be 1-{MaxReasonLength} characters");
            refusedEvents.Add(new RefusedEvent(eventId, reason));
        }
        return new EventAcks(storedIds, refusedEvents);
    }

    /// <summary>The names of the commands of this contract version.</summary>
    public const string SetModeCommand = "set_mode";

    private const int MaxIssuedByLength = 100;
    private const int MaxDetailLength = 512;

    public static ReadResult<HubCommand> ReadCommand(ReadOnlyMemory<byte> payload)
    {
        var wire = Deserialize(payload, WireJsonContext.Default.CommandWire, out var rejection);
        if (wire is null)
            return rejection!;

        var check = new FieldChecks();
        check.Version(wire.V);
        var commandId = check.Required(wire.CommandId, "commandId");
        var issuedAt = check.Required(wire.IssuedAt, "issuedAt");
        var command = check.Required(wire.Command, "command");
        var issuedBy = check.OptionalText(wire.IssuedBy, "issuedBy", MaxIssuedByLength);
        if (check.First is not null)
            return check.First;

        if (!TryParseEventId(commandId, out var id))
            return new Rejection(RejectionReason.InvalidField, "field 'commandId' must be a non-empty UUID");
        if (command != SetModeCommand)
            return new Rejection(RejectionReason.InvalidField, $"field 'command' = '{Shorten(command)}' is not a command of contract version {Version} (expected '{SetModeCommand}')");
        if (GatewayModes.Parse(wire.Mode) is not { } mode)
            return wire.Mode is null
                ? new Rejection(RejectionReason.MissingField, "missing field 'mode'")
                : new Rejection(RejectionReason.InvalidField, $"field 'mode' = '{Shorten(wire.Mode)}' must be 'normal', 'heightened' or 'emergency'");
        return new HubCommand(id, issuedAt, command, mode, issuedBy);
    }

    public static ReadResult<CommandResult> ReadCommandResult(ContractTopic topic, ReadOnlyMemory<byte> payload)
    {
        var wire = Deserialize(payload, WireJsonContext.Default.CommandResultWire, out var rejection);
        if (wire is null)
            return rejection!;

        var check = new FieldChecks();
        check.Version(wire.V);
        var commandId = check.Required(wire.CommandId, "commandId");
        var gatewayId = check.Id(wire.GatewayId, "gatewayId");
        var deviceId = check.Id(wire.DeviceId, "deviceId");
        var outcome = check.Required(wire.Outcome, "outcome");
        var at = check.Required(wire.At, "at");
        var reason = check.OptionalText(wire.Reason, "reason", MaxReasonLength);
        var detail = check.OptionalText(wire.Detail, "detail", MaxDetailLength);
        check.Matches(gatewayId, topic.Gateway, "gatewayId", "gateway");
        check.Matches(deviceId, topic.Device ?? "", "deviceId", "device");
        if (check.First is not null)
            return check.First;

        if (!TryParseEventId(commandId, out var id))
            return new Rejection(RejectionReason.InvalidField, "field 'commandId' must be a non-empty UUID");
        var mode = GatewayModes.Parse(wire.Mode);
        if (wire.Mode is not null && mode is null)
            return new Rejection(RejectionReason.InvalidField, "field 'mode' must be 'normal', 'heightened' or 'emergency'");
        return outcome switch
        {
            "accepted" => new CommandResult(id, gatewayId, deviceId, CommandOutcome.Accepted, at, reason, detail, mode),
            "refused" when reason is not null => new CommandResult(id, gatewayId, deviceId, CommandOutcome.Refused, at, reason, detail, mode),
            "refused" => new Rejection(RejectionReason.MissingField, "missing field 'reason' (a refused command needs one)"),
            _ => new Rejection(RejectionReason.InvalidField, $"field 'outcome' = '{Shorten(outcome)}' must be 'accepted' or 'refused'"),
        };
    }

    /// <summary>The command id of a payload on a commands topic, even one refused for another reason, so the refusal can name it.</summary>
    public static Guid? CommandIdOf(ReadOnlyMemory<byte> payload) => StringUuidOf(payload, "commandId");

    /// <summary>
    /// The event id of a payload on an events topic, even one refused for another reason, so the hub can tell the
    /// gateway that this event will never be accepted. Null when the payload has no readable id.
    /// </summary>
    public static Guid? EventIdOf(ReadOnlyMemory<byte> payload) => StringUuidOf(payload, "eventId");

    /// <summary>The telemetry id of a payload on a telemetry topic, even one refused for another reason (see <see cref="EventIdOf"/>).</summary>
    public static Guid? TelemetryIdOf(ReadOnlyMemory<byte> payload) => StringUuidOf(payload, "telemetryId");

    private static Guid? StringUuidOf(ReadOnlyMemory<byte> payload, string field)
    {
        if (payload.Length > MaxPayloadBytes)
            return null;
        try
        {
            using var document = JsonDocument.Parse(payload);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(field, out var id)
                && id.ValueKind == JsonValueKind.String
                && TryParseEventId(id.GetString(), out var uuid)
                    ? uuid
                    : null;
        }
        // JsonDocument checks a string's UTF-8 only when it is read: GetString throws InvalidOperationException (found by fuzzing).
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";

    private static bool TryParseEventId(string? text, out Guid eventId) =>
        Guid.TryParse(text, out eventId) && eventId != Guid.Empty;

    private static OutboxBacklog? ReadBacklog(BacklogWire? wire, FieldChecks check)
    {
        if (wire is null)
            return null;
        var backlog = new OutboxBacklog(
            check.Required(wire.Events, "backlog.events"),
            check.Required(wire.States, "backlog.states"),
            check.Required(wire.Telemetry, "backlog.telemetry"),
            check.Required(wire.OldestAgeSeconds, "backlog.oldestAgeSeconds"),
            check.Required(wire.ThinnedTelemetry, "backlog.thinnedTelemetry"));
        if (backlog.Events < 0 || backlog.States < 0 || backlog.Telemetry < 0 || backlog.OldestAgeSeconds < 0 || backlog.ThinnedTelemetry < 0)
            check.Invalid("the fields of 'backlog' must not be negative");
        return backlog;
    }

    private static GatewayHealth? ReadGatewayHealth(GatewayHealthWire? wire, FieldChecks check)
    {
        if (wire is null)
            return null;
        if (wire.CpuPercent is < 0 or > 100 || !IsFinite(wire.CpuPercent))
            check.Invalid("field 'gateway.cpuPercent' must be a percentage from 0 to 100");
        if (wire.MemoryUsedBytes < 0 || wire.MemoryTotalBytes < 0 || wire.DataDiskFreeBytes < 0)
            check.Invalid("the byte counts of 'gateway' must not be negative");
        if (!IsFinite(wire.TemperatureCelsius))
            check.Invalid("field 'gateway.temperatureCelsius' must be a finite number");
        var version = check.OptionalText(wire.AgentVersion, "gateway.agentVersion", 64);
        return new GatewayHealth(wire.CpuPercent, wire.MemoryUsedBytes, wire.MemoryTotalBytes, wire.DataDiskFreeBytes, wire.TemperatureCelsius, version);
    }

    private static DeviceHealth? ReadDeviceHealth(DeviceHealthWire? wire, FieldChecks check)
    {
        if (wire is null)
            return null;
        var online = check.Required(wire.Online, "health.online");
        if (wire.BatteryVolts < 0 || !IsFinite(wire.BatteryVolts))
            check.Invalid("field 'health.batteryVolts' must be a finite number of volts, not negative");
        return new DeviceHealth(online, wire.LastSeenAt, wire.Fault, wire.LowBattery, wire.BatteryVolts);
    }

    private static bool IsFinite(double? value) => value is null || double.IsFinite(value.Value);

    public static ReadResult<DeviceState> ReadDeviceState(ContractTopic topic, ReadOnlyMemory<byte> payload)
    {
        var wire = Deserialize(payload, WireJsonContext.Default.DeviceStateWire, out var rejection);
        if (wire is null)
            return rejection!;

        var check = new FieldChecks();
        check.Version(wire.V);
        var gatewayId = check.Id(wire.GatewayId, "gatewayId");
        var deviceId = check.Id(wire.DeviceId, "deviceId");
        var state = check.Id(wire.State, "state");
        var at = check.Required(wire.At, "at");
        var health = ReadDeviceHealth(wire.Health, check);
        check.Matches(gatewayId, topic.Gateway, "gatewayId", "gateway");
        check.Matches(deviceId, topic.Device ?? "", "deviceId", "device");
        if (check.First is not null)
            return check.First;

        return new DeviceState(gatewayId, deviceId, state, at, health);
    }

    private static Place ReadPlace(PlaceWire? wire, FieldChecks check)
    {
        var place = check.Required(wire, "place");
        if (place is null)
            return new Place("");
        return new Place(
            check.Id(place.Community, "place.community"),
            check.OptionalText(place.Grid, "place.grid", MaxPlacePartLength),
            check.OptionalText(place.Building, "place.building", MaxPlacePartLength),
            check.OptionalText(place.Unit, "place.unit", MaxPlacePartLength),
            check.OptionalText(place.Floor, "place.floor", MaxPlacePartLength),
            check.OptionalText(place.Room, "place.room", MaxPlacePartLength));
    }

    private static EvidenceRef? ReadEvidence(EvidenceWire? wire, FieldChecks check)
    {
        if (wire is null)
            return null;
        var kind = check.Required(wire.Kind, "evidence.kind");
        var uri = check.Required(wire.Uri, "evidence.uri");
        if (kind is null || uri is null)
            return null;
        if (uri.Length > MaxUriLength || !Uri.IsWellFormedUriString(uri, UriKind.RelativeOrAbsolute))
            check.Invalid($"field 'evidence.uri' must be a URI of at most {MaxUriLength} characters");
        return kind switch
        {
            "snapshot" => new EvidenceRef(EvidenceKind.Snapshot, uri),
            "clip" => new EvidenceRef(EvidenceKind.Clip, uri),
            _ => Invalid<EvidenceRef>(check, $"field 'evidence.kind' = '{kind}' must be 'snapshot' or 'clip'"),
        };
    }

    private static Dictionary<string, string>? ReadAttributes(Dictionary<string, string>? attributes, FieldChecks check)
    {
        if (attributes is null)
            return null;
        if (attributes.Count > MaxAttributes
            || attributes.Any(a => a.Key.Length is 0 or > MaxAttributeKeyLength || a.Value is null || a.Value.Length > MaxAttributeValueLength))
            check.Invalid($"field 'attributes' allows at most {MaxAttributes} entries, keys of 1-{MaxAttributeKeyLength} and string values of at most {MaxAttributeValueLength} characters");
        return attributes;
    }

    private static T? Invalid<T>(FieldChecks check, string detail) where T : class
    {
        check.Invalid(detail);
        return null;
    }

    private static T? Deserialize<T>(ReadOnlyMemory<byte> payload, JsonTypeInfo<T> typeInfo, out Rejection? rejection, int maxBytes = MaxPayloadBytes) where T : class
    {
        rejection = null;
        if (payload.Length > maxBytes)
        {
            rejection = new Rejection(RejectionReason.PayloadTooLarge, $"payload of {payload.Length} bytes exceeds the limit of {maxBytes}");
            return null;
        }
        try
        {
            if (JsonSerializer.Deserialize(payload.Span, typeInfo) is { } message)
                return message;
            rejection = new Rejection(RejectionReason.WrongType, "payload must be a JSON object, not Null");
            return null;
        }
        catch (JsonException e)
        {
            rejection = Classify(payload, e);
            return null;
        }
    }

    // Valid messages are parsed once; only a refused one is parsed again, to tell broken JSON apart from
    // well-formed JSON whose values have the wrong type.
    private static Rejection Classify(ReadOnlyMemory<byte> payload, JsonException deserializeError)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? new Rejection(RejectionReason.WrongType, $"field '{FieldName(deserializeError.Path)}' has the wrong type or format")
                : new Rejection(RejectionReason.WrongType, $"payload must be a JSON object, not {document.RootElement.ValueKind}");
        }
        catch (JsonException e)
        {
            return new Rejection(RejectionReason.MalformedJson, $"malformed JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}");
        }
    }

    private static string FieldName(string? jsonPath) => string.IsNullOrEmpty(jsonPath) ? "?" : jsonPath.TrimStart('$', '.');
}
