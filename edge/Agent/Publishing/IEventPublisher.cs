using EdgeSecurity.Contract;

namespace EdgeSecurity.Agent.Publishing;

/// <summary>Something a device noticed, before it gets its event id and publication time.</summary>
public sealed record Detection(
    string DeviceId,
    Place Place,
    EventType Type,
    DateTimeOffset OccurredAt,
    IReadOnlyDictionary<string, string>? Attributes = null);

/// <summary>
/// The one way devices hand their output to the network. A call returns once the message is in the durable outbox
/// (one fsync) and never throws, so a device's logic does not depend on the broker being reachable; delivery,
/// priorities, retries and the disk quota live behind it.
/// </summary>
public interface IEventPublisher
{
    /// <summary>Returns the event id under which the hub will know the event.</summary>
    Guid PublishEvent(Detection detection);

    /// <summary>
    /// The device's current state, kept retained by the broker so a newcomer sees it at once; with its health
    /// (online, last seen, fault, battery) when the device can tell.
    /// </summary>
    void PublishState(string deviceId, string state, DateTimeOffset at, DeviceHealth? health = null);

    /// <summary>Measurements; the first thing thinned when the outbox reaches its disk quota.</summary>
    void PublishTelemetry(string deviceId, IReadOnlyDictionary<string, double> values, DateTimeOffset at);
}
