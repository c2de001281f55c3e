using System.Text.Json;

namespace EdgeSecurity.Contract;

/// <summary>Serialises contract messages to their UTF-8 JSON payloads.</summary>
public static class ContractWriter
{
    public static byte[] ToJson(EdgeEvent e) => JsonSerializer.SerializeToUtf8Bytes(new EventWire
    {
        V = ContractReader.Version,
        EventId = e.EventId.ToString(),
        GatewayId = e.GatewayId,
        DeviceId = e.DeviceId,
        Place = new PlaceWire
        {
            Community = e.Place.Community,
            Grid = e.Place.Grid,
            Building = e.Place.Building,
            Unit = e.Place.Unit,
            Floor = e.Place.Floor,
            Room = e.Place.Room,
        },
        Type = e.Type.Code,
        Level = (int)e.Level,
        OccurredAt = e.OccurredAt,
        PublishedAt = e.PublishedAt,
        Evidence = e.Evidence is null ? null : new EvidenceWire
        {
            Kind = e.Evidence.Kind == EvidenceKind.Snapshot ? "snapshot" : "clip",
            Uri = e.Evidence.Uri,
        },
        Test = e.IsTest ? true : null,
        Attributes = e.Attributes?.ToDictionary(),
    }, WireJsonContext.Default.EventWire);

    public static byte[] ToJson(GatewayStatus s) => JsonSerializer.SerializeToUtf8Bytes(new StatusWire
    {
        V = ContractReader.Version,
        GatewayId = s.GatewayId,
        State = s.State == GatewayState.Online ? "online" : "offline",
        At = s.At,
        AgentVersion = s.AgentVersion,
        Mode = s.Mode is { } mode ? GatewayModes.Code(mode) : null,
    }, WireJsonContext.Default.StatusWire);

    public static byte[] ToJson(Heartbeat h) => JsonSerializer.SerializeToUtf8Bytes(new HeartbeatWire
    {
        V = ContractReader.Version,
        GatewayId = h.GatewayId,
        At = h.At,
        UptimeSeconds = h.UptimeSeconds,
        DeviceCount = h.DeviceCount,
        Backlog = h.Backlog is not { } b ? null : new BacklogWire
        {
            Events = b.Events,
            States = b.States,
            Telemetry = b.Telemetry,
            OldestAgeSeconds = b.OldestAgeSeconds,
            ThinnedTelemetry = b.ThinnedTelemetry,
        },
        Gateway = h.Gateway is not { } g ? null : new GatewayHealthWire
        {
            CpuPercent = g.CpuPercent,
            MemoryUsedBytes = g.MemoryUsedBytes,
            MemoryTotalBytes = g.MemoryTotalBytes,
            DataDiskFreeBytes = g.DataDiskFreeBytes,
            TemperatureCelsius = g.TemperatureCelsius,
            AgentVersion = g.AgentVersion,
        },
    }, WireJsonContext.Default.HeartbeatWire);

    public static byte[] ToJson(DeviceState s) => JsonSerializer.SerializeToUtf8Bytes(new DeviceStateWire
    {
        V = ContractReader.Version,
        GatewayId = s.GatewayId,
        DeviceId = s.DeviceId,
        State = s.State,
        At = s.At,
        Health = s.Health is not { } h ? null : new DeviceHealthWire
        {
            Online = h.Online,
            LastSeenAt = h.LastSeenAt,
            Fault = h.Fault,
            LowBattery = h.LowBattery,
            BatteryVolts = h.BatteryVolts,
        },
    }, WireJsonContext.Default.DeviceStateWire);

    public static byte[] ToJson(DeviceTelemetry t) => JsonSerializer.SerializeToUtf8Bytes(new TelemetryWire
    {
        V = ContractReader.Version,
        GatewayId = t.GatewayId,
        DeviceId = t.DeviceId,
        At = t.At,
        Values = t.Values.ToDictionary(),
        TelemetryId = t.TelemetryId?.ToString(),
    }, WireJsonContext.Default.TelemetryWire);

    public static byte[] ToJson(EvidenceUpload e) => JsonSerializer.SerializeToUtf8Bytes(new EvidenceUploadWire
    {
        V = ContractReader.Version,
        Uri = e.Uri,
        ContentType = e.ContentType,
        Sha256 = e.Sha256,
        Data = e.Data.ToArray(),
    }, WireJsonContext.Default.EvidenceUploadWire);

    public static byte[] ToJson(EventAcks a) => JsonSerializer.SerializeToUtf8Bytes(new EventAcksWire
    {
        V = ContractReader.Version,
        Stored = [.. a.Stored.Select(id => id.ToString())],
        Refused = [.. a.Refused.Select(r => new RefusedEventWire { EventId = r.EventId.ToString(), Reason = r.Reason })],
    }, WireJsonContext.Default.EventAcksWire);

    public static byte[] ToJson(HubCommand c) => JsonSerializer.SerializeToUtf8Bytes(new CommandWire
    {
        V = ContractReader.Version,
        CommandId = c.CommandId.ToString(),
        IssuedAt = c.IssuedAt,
        Command = c.Command,
        Mode = c.Mode is { } mode ? GatewayModes.Code(mode) : null,
        IssuedBy = c.IssuedBy,
    }, WireJsonContext.Default.CommandWire);

    public static byte[] ToJson(CommandResult r) => JsonSerializer.SerializeToUtf8Bytes(new CommandResultWire
    {
        V = ContractReader.Version,
        CommandId = r.CommandId.ToString(),
        GatewayId = r.GatewayId,
        DeviceId = r.DeviceId,
        Outcome = r.Outcome == CommandOutcome.Accepted ? "accepted" : "refused",
        At = r.At,
        Reason = r.Reason,
        Detail = r.Detail,
        Mode = r.Mode is { } mode ? GatewayModes.Code(mode) : null,
    }, WireJsonContext.Default.CommandResultWire);

    public static byte[] ToJson(StructuredObject o) => JsonSerializer.SerializeToUtf8Bytes(new StructuredObjectWire
    {
        V = ContractReader.Version,
        ObjectId = o.ObjectId.ToString(),
        GatewayId = o.GatewayId,
        DeviceId = o.DeviceId,
        Kind = ObjectKinds.Code(o.Kind),
        Label = o.Label,
        TrackId = o.TrackId,
        At = o.At,
        Box = new ObjectBoxWire { Left = o.Box.Left, Top = o.Box.Top, Right = o.Box.Right, Bottom = o.Box.Bottom, FrameWidth = o.Box.FrameWidth, FrameHeight = o.Box.FrameHeight },
        Confidence = o.Confidence,
        Direction = o.Direction,
        Image = new ObjectImageWire
        {
            Uri = o.Image.Uri,
            ContentType = "image/jpeg",
            Sha256 = o.Image.Sha256,
            Width = o.Image.Width,
            Height = o.Image.Height,
            Data = o.Image.Data.ToArray(),
        },
    }, WireJsonContext.Default.StructuredObjectWire);
}
