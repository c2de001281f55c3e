using EdgeSecurity.Contract;

namespace EdgeSecurity.Agent.Publishing;

/// <summary>
/// Something a device noticed, before it gets its event id and publication time. <see cref="Level"/> is the type's
/// default unless a rule (a fusion, the gateway's mode) sets another; <see cref="IsTest"/> marks a device in test mode.
/// </summary>
public sealed record Detection(
    string DeviceId,
    Place Place,
    EventType Type,
    DateTimeOffset OccurredAt,
    IReadOnlyDictionary<string, string>? Attributes = null,
    WarningLevel? Level = null,
    bool IsTest = false)
{
    /// <summary>The snapshot (or clip) the event points at, e.g. a camera alert's picture.</summary>
    public EvidenceRef? Evidence { get; init; }
}

/// <summary>
/// The one way devices hand their output to the network. A call returns once the message is in the durable outbox
/// (one fsync) and never throws, so a device's logic does not depend on the broker being reachable; delivery,
/// priorities, retries and the disk quota live behind it.
/// </summary>
public interface IEventPublisher
{
    /// <summary>
    /// Returns the event id under which the hub will know the event, or <see cref="Guid.Empty"/> when a rule suppressed
    /// it (the device is under maintenance).
    /// </summary>
    Guid PublishEvent(Detection detection);

    /// <summary>
    /// The device's current state, kept retained by the broker so a newcomer sees it at once; with its health
    /// (online, last seen, fault, battery) when the device can tell.
    /// </summary>
    void PublishState(string deviceId, string state, DateTimeOffset at, DeviceHealth? health = null);

    /// <summary>Measurements; the first thing thinned when the outbox reaches its disk quota.</summary>
    void PublishTelemetry(string deviceId, IReadOnlyDictionary<string, double> values, DateTimeOffset at);
}
