using System.Globalization;
using System.Text;

namespace EdgeSecurity.Testing.Chaos;

/// <summary>
/// What a chaos run did and what the hub holds afterwards. Sent alarms were answered "reported as event ..." by an agent,
/// so they were in its durable outbox; in-doubt ones were asked for when a kill cut the answer off, so they may or may
/// not exist. Exactly once means: no sent alarm lost, no alarm stored twice, nothing stored that was neither sent nor in doubt.
/// </summary>
public sealed record ChaosReport(
    int Sent,
    int InDoubt,
    int Stored,
    int Duplicates,
    int Lost,
    int Unexpected,
    int OutOfOrderDevices,
    int ArrivedOutOfOrder,
    long Redelivered,
    IReadOnlyList<string> Kills,
    TimeSpan? Recovery,
    TelemetryReport Telemetry)
{
    public bool ExactlyOnceInOrder => Lost == 0 && Duplicates == 0 && Unexpected <= InDoubt && OutOfOrderDevices == 0;

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"alarms: sent {Sent}, stored {Stored}, duplicates {Duplicates}, lost {Lost}");
        text.AppendLine(CultureInfo.InvariantCulture, $"in doubt (answer cut off by a kill) {InDoubt}, of them stored {Unexpected}; devices out of order (by occurredAt) {OutOfOrderDevices}");
        text.AppendLine(CultureInfo.InvariantCulture, $"arrived after a later alarm of the same device (sent again after a loss) {ArrivedOutOfOrder}; redeliveries the hub absorbed since its last start {Redelivered}");
        text.AppendLine(Recovery is { } recovery
            ? string.Create(CultureInfo.InvariantCulture, $"all at the hub {recovery.TotalSeconds:0.0} s after the last alarm was raised")
            : "NOT all at the hub within the recovery timeout");
        text.AppendLine(CultureInfo.InvariantCulture, $"kills: {string.Join("; ", Kills)}");
        text.Append(Telemetry);
        return text.ToString();
    }
}

/// <summary>
/// The telemetry side of a chaos run. Sent points were answered "stored" by an agent (in its durable outbox); thinned ones
/// were dropped by an agent to stay within its outbox quota, and counted (its heartbeat's thinnedTelemetry); lost counts
/// the sent points that are neither in InfluxDB nor among the thinned. A point leaves an agent's outbox only when the hub
/// confirms it durable (in InfluxDB or the hub's spool), so what a SIGKILLed broker or hub loses is sent again, and the
/// copies overwrite themselves in InfluxDB (same series and time): none may be lost or duplicated. The flood runs during
/// a clean broker outage: every one of its points must be stored or thinned (<see cref="FloodLost"/> 0).
/// </summary>
public sealed record TelemetryReport(
    int Sent, int InDoubt, int Stored, int Duplicates, int Lost, long Thinned, int Unexpected, TimeSpan? Recovery,
    int FloodSent, int FloodLost, string MissingByGateway)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"telemetry: sent {Sent}, stored {Stored}, duplicates {Duplicates}, lost {Lost}, thinned {Thinned}; in doubt {InDoubt}, of them stored {Unexpected}; "
        + $"flood during a clean broker outage: sent {FloodSent}, lost {FloodLost}; not in InfluxDB (thinned or lost) by gateway: {MissingByGateway}; ")
        + (Recovery is { } recovery
            ? string.Create(CultureInfo.InvariantCulture, $"the last points accounted for {recovery.TotalSeconds:0.0} s after they were sent")
            : "the last points NOT accounted for within the recovery timeout");
}
