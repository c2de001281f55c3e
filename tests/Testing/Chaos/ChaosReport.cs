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
    long Thinned,
    IReadOnlyList<string> Kills,
    TimeSpan? Recovery)
{
    public bool ExactlyOnceInOrder => Lost == 0 && Duplicates == 0 && Unexpected <= InDoubt && OutOfOrderDevices == 0;

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"sent {Sent}, stored {Stored}, duplicates {Duplicates}, lost {Lost}, thinned {Thinned}");
        text.AppendLine(CultureInfo.InvariantCulture, $"in doubt (answer cut off by a kill) {InDoubt}, of them stored {Unexpected}; devices out of order (by occurredAt) {OutOfOrderDevices}");
        text.AppendLine(CultureInfo.InvariantCulture, $"arrived after a later alarm of the same device (sent again after a loss) {ArrivedOutOfOrder}; redeliveries the hub absorbed since its last start {Redelivered}");
        text.AppendLine(Recovery is { } recovery
            ? string.Create(CultureInfo.InvariantCulture, $"all at the hub {recovery.TotalSeconds:0.0} s after the last alarm was raised")
            : "NOT all at the hub within the recovery timeout");
        text.Append(CultureInfo.InvariantCulture, $"kills: {string.Join("; ", Kills)}");
        return text.ToString();
    }
}
