namespace EdgeSecurity.Hub.Telemetry;

/// <summary>
/// Where ingestion hands telemetry. Never blocks and never throws for bad input: the answer says whether the
/// point was queued and, if not, why. The sink is <see cref="InfluxWriter"/>: an in-memory queue, and a disk
/// spool for what InfluxDB cannot take at the moment.
/// </summary>
public interface ITelemetrySink
{
    /// <param name="receipt">
    /// who to tell once the point is durable (written to InfluxDB or spooled on disk) or refused for good, through
    /// <see cref="ITelemetryConfirmations"/>; null for points nobody waits for (heartbeats, agents without telemetry ids)
    /// </param>
    TelemetryWrite Write(LinePoint point, TelemetryReceipt? receipt = null);
}

/// <summary>A gateway's telemetry point that waits in its outbox until the hub confirms it.</summary>
public sealed record TelemetryReceipt(string Community, string Gateway, Guid TelemetryId);

/// <summary>
/// Told what became of points handed over with a <see cref="TelemetryReceipt"/>, a whole batch at a time, from the
/// writer's loop: it must not block. A point that was neither (queue or spool full, telemetry disabled) is not reported:
/// its gateway sends it again later.
/// </summary>
public interface ITelemetryConfirmations
{
    /// <summary>Written to InfluxDB (2xx) or to the on-disk spool.</summary>
    void Durable(IReadOnlyList<TelemetryReceipt> receipts);

    /// <summary>InfluxDB refused the batch with a 4xx: sending the points again cannot help.</summary>
    void Refused(IReadOnlyList<TelemetryReceipt> receipts, string reason);
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
