using EdgeSecurity.Contract;

namespace EdgeSecurity.Hub.Gateways;

/// <summary>
/// A gateway as last heard of. State is what its retained status topic says (null until one arrives);
/// heartbeats only move LastHeartbeatAt, so a silent gateway shows as online with an old heartbeat. Backlog is what the
/// gateway's outbox held at its last heartbeat (null for agents without an outbox): a growing one means its messages
/// do not get through. Mode is the gateway's operating mode as its last online status reported it.
/// </summary>
public sealed record Gateway(
    string GatewayId,
    string Community,
    GatewayState? State,
    DateTimeOffset? LastStatusAt,
    DateTimeOffset? LastHeartbeatAt,
    string? AgentVersion,
    long? UptimeSeconds,
    long? DeviceCount,
    OutboxBacklog? Backlog,
    GatewayMode? Mode);

/// <summary>The current state of one device behind a gateway, e.g. a door contact's "open".</summary>
public sealed record Device(string DeviceId, string State, DateTimeOffset At);

/// <summary>A device's current state with its gateway, as the site view of a community lists them.</summary>
public sealed record CommunityDevice(string GatewayId, string DeviceId, string State, DateTimeOffset At);

/// <summary>The live state of a community for its site view: each gateway's status and each device's state.</summary>
public sealed record CommunityDeviceStates(string Community, IReadOnlyList<GatewayPresence> Gateways, IReadOnlyList<CommunityDevice> Devices);

/// <summary>Whether a gateway is online (null until its first status), and since when the hub knows it.</summary>
public sealed record GatewayPresence(string GatewayId, GatewayState? State, DateTimeOffset? LastStatusAt);
