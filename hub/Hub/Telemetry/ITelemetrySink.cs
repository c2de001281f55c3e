namespace EdgeSecurity.Hub.Telemetry;

/// <summary>
/// Where ingestion hands telemetry. Never blocks and never throws for bad input: the answer says whether the
/// point was queued and, if not, why. The sink is <see cref="InfluxWriter"/>: an in-memory queue, and a disk
/// spool for what InfluxDB cannot take at the moment.
/// </summary>
public interface ITelemetrySink
{
    TelemetryWrite Write(LinePoint point);
}

public enum TelemetryWriteOutcome
{
    Queued,

    /// <summary>The point cannot be written as it is (see the reason); counted as invalid.</summary>
    Invalid,

    /// <summary>The point was valid but not kept (queue full, telemetry disabled); counted as dropped.</summary>
    Dropped,
}

public readonly record struct TelemetryWrite(TelemetryWriteOutcome Outcome, string? Reason = null)
{
    public static readonly TelemetryWrite Queued = new(TelemetryWriteOutcome.Queued);

    public bool IsQueued => Outcome == TelemetryWriteOutcome.Queued;
}
