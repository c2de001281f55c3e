namespace EdgeSecurity.Agent.Configuration;

/// <summary>Everything the agent needs, read from one YAML file and validated before anything starts.</summary>
public sealed record AgentConfig(
    GatewayConfig Gateway,
    BrokerConfig Broker,
    TimeSpan HeartbeatInterval,
    string DataDirectory,
    string ControlSocketPath,
    OutboxConfig Outbox,
    IReadOnlyList<DoorConfig> Doors)
{
    /// <summary>The cameras and their analytics (see <see cref="CameraConfigReader"/>); none by default.</summary>
    public IReadOnlyList<Cameras.CameraConfig> Cameras { get; init; } = [];
}

/// <summary>Who this gateway is: its id is also its MQTT client id and, with the community, its topic prefix.</summary>
public sealed record GatewayConfig(string Id, string Community, string? Grid);

public sealed record BrokerConfig(string Host, int Port, string? Username, string? Password, TimeSpan KeepAlive)
{
    // Keeps the password out of logs: records print every member by default.
    public override string ToString() => $"{Host}:{Port}";
}

/// <summary>
/// The durable store-and-forward queue in <c>&lt;dataDirectory&gt;/outbox.db</c>. <see cref="MaxBytes"/> bounds what
/// it stores (telemetry is thinned first, alarms are never dropped); <see cref="HubAckTimeout"/> is how long an event
/// the broker acknowledged may go unconfirmed by the hub before it is published again.
/// </summary>
public sealed record OutboxConfig(string Path, long MaxBytes, TimeSpan HubAckTimeout);

public enum DoorSource
{
    /// <summary>Driven by an operator through the control socket, for commissioning and demos.</summary>
    Simulated,
}

/// <summary>Where a door is inside the community; the community and grid come from the gateway.</summary>
public sealed record DoorPlace(string? Building, string? Unit, string? Floor, string? Room);

public sealed record DoorConfig(
    string Id,
    string? Name,
    DoorPlace Place,
    DoorSource Source,
    bool Armed,
    TimeSpan ReleaseWindow,
    TimeSpan HeldOpenAfter);
