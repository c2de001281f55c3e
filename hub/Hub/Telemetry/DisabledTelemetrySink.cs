namespace EdgeSecurity.Hub.Telemetry;

/// <summary>
/// Stands in when the telemetry settings are unusable: the hub keeps running, every point is dropped with that reason
/// and none is confirmed, so gateways keep theirs until telemetry works again.
/// </summary>
internal sealed class DisabledTelemetrySink(TelemetryStats stats, string reason) : ITelemetrySink
{
    public TelemetryWrite Write(LinePoint point, TelemetryReceipt? receipt = null)
    {
        stats.AddDropped(1, reason);
        return new TelemetryWrite(TelemetryWriteOutcome.Dropped, reason);
    }
}
