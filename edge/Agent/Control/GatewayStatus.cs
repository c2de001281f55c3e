using System.Text.Json.Serialization;
using EdgeSecurity.Agent.Cameras;

namespace EdgeSecurity.Agent.Control;

/// <summary>The answer to <c>status json</c>: everything an installer checks on site, in one JSON object (edge/Agent/README.md).</summary>
/// <param name="Mode"><c>normal</c>, <c>heightened</c> or <c>emergency</c>.</param>
public sealed record GatewayStatus(
    string Gateway,
    string Community,
    bool BrokerConnected,
    string Mode,
    GatewayOutboxStatus Outbox,
    IReadOnlyList<DeviceStatus> Devices,
    IReadOnlyList<CameraStatus> Cameras,
    IReadOnlyList<string> TestDevices,
    IReadOnlyList<MaintenanceStatus> Maintenance);

/// <param name="OldestAgeSeconds">Age of the oldest message waiting (0 when none waits).</param>
/// <param name="ThinnedTelemetry">Telemetry points dropped to keep the outbox within its quota.</param>
public sealed record GatewayOutboxStatus(long Events, long States, long Telemetry, long OldestAgeSeconds, long ThinnedTelemetry);

/// <summary>One device, whatever its kind; what the agent does not know of it is null.</summary>
/// <param name="Kind"><c>door</c>, <c>smoke</c>, <c>sensor</c> (RS-485) or <c>camera</c>, as in the walk test.</param>
/// <param name="State">As published: a door's <c>open</c>/<c>closed</c> (or <c>out-of-service</c>), a detector's <c>normal</c>, <c>alarm</c>,
/// <c>fault</c>, <c>low_battery</c> or <c>offline</c>, a camera's <c>starting</c>, <c>online</c> or <c>offline</c>.</param>
/// <param name="LastSeenAt">A detector's last good reading, a door's last change, a camera's last frame (to a telemetry interval).</param>
/// <param name="Armed">Doors only.</param>
/// <param name="Problem">Why a door is out of service.</param>
public sealed record DeviceStatus(
    string Id,
    string Kind,
    string State,
    bool Online,
    DateTimeOffset? LastSeenAt,
    bool? Fault = null,
    bool? LowBattery = null,
    double? BatteryVolts = null,
    bool? Armed = null,
    string? Problem = null);

public sealed record MaintenanceStatus(string Device, DateTimeOffset Until);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GatewayStatus))]
public sealed partial class GatewayStatusJsonContext : JsonSerializerContext;
