using EdgeSecurity.Contract;

namespace EdgeSecurity.Hub.Telemetry;

/// <summary>
/// How contract messages become time series: one measurement per message kind, tagged with where they come
/// from, so the charts can cut by community, gateway and device.
/// </summary>
public static class TelemetryPoints
{
    public const string DeviceMeasurement = "device";
    public const string GatewayMeasurement = "gateway";

    public static LinePoint Of(string community, DeviceTelemetry telemetry)
    {
        var point = new LinePoint(DeviceMeasurement, telemetry.At)
            .Tag("community", community)
            .Tag("gateway", telemetry.GatewayId)
            .Tag("device", telemetry.DeviceId);
        foreach (var (name, value) in telemetry.Values)
            point.Field(name, value);
        return point;
    }

    public static LinePoint Of(string community, Heartbeat heartbeat)
    {
        var point = new LinePoint(GatewayMeasurement, heartbeat.At)
            .Tag("community", community)
            .Tag("gateway", heartbeat.GatewayId)
            .Field("uptime_seconds", heartbeat.UptimeSeconds)
            .Field("device_count", heartbeat.DeviceCount);
        if (heartbeat.Backlog is { } backlog)
        {
            point.Field("backlog_events", backlog.Events)
                .Field("backlog_states", backlog.States)
                .Field("backlog_telemetry", backlog.Telemetry)
                .Field("backlog_oldest_age_seconds", backlog.OldestAgeSeconds)
                .Field("thinned_telemetry", backlog.ThinnedTelemetry);
        }
        return point;
    }
}
