namespace EdgeSecurity.Agent.Configuration;

/// <summary>Everything the agent needs, read from one YAML file and validated before anything starts.</summary>
public sealed record AgentConfig(
    GatewayConfig Gateway,
    BrokerConfig Broker,
    TimeSpan HeartbeatInterval,
    string DataDirectory,
    string ControlSocketPath,
    OutboxConfig Outbox,
    IReadOnlyList<DoorConfig> Doors,
    RulesConfig? Rules = null)
{
    /// <summary>Fusion, maintenance, test devices and modes; none for a config built without them.</summary>
    public RulesConfig EventRules => Rules ?? RulesConfig.None;

    /// <summary>Dry-contact smoke detectors on GPIO inputs (or simulated relays).</summary>
    public IReadOnlyList<SmokeDetectorConfig> SmokeDetectors { get; init; } = [];

    /// <summary>RS-485 buses with Modbus RTU detectors and sensors.</summary>
    public IReadOnlyList<Rs485BusConfig> Rs485Buses { get; init; } = [];

    /// <summary>The cameras and their analytics (see <see cref="CameraConfigReader"/>); none by default.</summary>
    public IReadOnlyList<Cameras.CameraConfig> Cameras { get; init; } = [];

    /// <summary>Alert snapshots (see <see cref="EvidenceConfigReader"/>); null: cameras raise alerts without snapshots.</summary>
    public Cameras.EvidenceConfig? Evidence { get; init; }

    /// <summary>Every device this gateway reports, as the heartbeat counts them (a bus counts as a device: it reports its own health).</summary>
    public int DeviceCount => Doors.Count + SmokeDetectors.Count + Rs485Buses.Sum(bus => 1 + bus.Devices.Count) + Cameras.Count;
}

/// <summary>Who this gateway is: its id is also its MQTT client id and, with the community, its topic prefix.</summary>
public sealed record GatewayConfig(string Id, string Community, string? Grid, string TimeZone = GatewayConfig.DefaultTimeZone)
{
    public const string DefaultTimeZone = "Asia/Shanghai";

    /// <summary>The community's name at the hub, for people (the commissioning report); the id stays the key.</summary>
    public string? CommunityName { get; init; }

    /// <summary>Where the community is at the hub: names from the top, joined by " / ".</summary>
    public string? PlacePath { get; init; }
}

public sealed record BrokerConfig(string Host, int Port, string? Username, string? Password, TimeSpan KeepAlive)
{
    /// <summary>Null: plain MQTT (loopback only). Otherwise the broker's certificate is verified against CaFile and Host.</summary>
    public BrokerTlsConfig? Tls { get; init; }

    // Keeps the password out of logs: records print every member by default.
    public override string ToString() => $"{Host}:{Port}";
}

/// <summary>TLS to the broker: the CA that signed its certificate, and a client certificate when the broker asks for one.</summary>
public sealed record BrokerTlsConfig(string CaFile, string? CertFile, string? KeyFile);

/// <summary>
/// The durable store-and-forward queue in <c>&lt;dataDirectory&gt;/outbox.db</c>. <see cref="MaxBytes"/> bounds what
/// it stores (telemetry is thinned first, alarms are never dropped); <see cref="HubAckTimeout"/> is how long an event
/// the broker acknowledged may go unconfirmed by the hub before it is published again.
/// </summary>
public sealed record OutboxConfig(string Path, long MaxBytes, TimeSpan HubAckTimeout);

public enum DoorSource
{
    /// <summary>A simulated line driven by an operator through the control socket, for commissioning and demos.</summary>
    Simulated,

    /// <summary>A contact on a GPIO line of the gateway (libgpiod).</summary>
    Gpio,
}

/// <summary>Where a door is inside the community; the community comes from the gateway, and so does the grid unless the door names its own.</summary>
public sealed record DoorPlace(string? Building, string? Unit, string? Floor, string? Room, string? Grid = null);

public sealed record DoorConfig(
    string Id,
    string? Name,
    DoorPlace Place,
    DoorSource Source,
    bool Armed,
    TimeSpan ReleaseWindow,
    TimeSpan HeldOpenAfter,
    DoorLines? Lines = null,
    IReadOnlyList<Schedules.TimeRange>? ArmedDuring = null,
    LineSupervision? Supervision = null,
    CareWatchConfig? Care = null);
