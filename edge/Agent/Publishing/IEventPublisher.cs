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
/// The one way devices hand their output to the network. Calls never block and never throw, so a device's
/// logic does not depend on the broker being reachable; delivery, retry and (later) the durable outbox live behind it.
/// </summary>
public interface IEventPublisher
{
    void PublishEvent(Detection detection);

    /// <summary>The device's current state, kept retained by the broker so a newcomer sees it at once.</summary>
    void PublishState(string deviceId, string state, DateTimeOffset at);
}
