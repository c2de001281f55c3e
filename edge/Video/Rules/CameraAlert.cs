using EdgeSecurity.Contract;

namespace EdgeSecurity.Video;

public enum AlertPhase
{
    /// <summary>The situation began: a new alert.</summary>
    Raised,

    /// <summary>The same situation changed (more people, another crossing); same alert id.</summary>
    Updated,

    /// <summary>The situation has been over for the rule's cool-down; same alert id.</summary>
    Cleared,
}

/// <summary>
/// One step of one situation a camera rule watches. Every step of a situation carries the same <see cref="AlertId"/>,
/// so the receiver shows one alert that evolves, not one per frame.
/// </summary>
/// <param name="Attributes">Details for the operator: zone, count, track ids, direction, ... (string values, as the event contract carries them).</param>
/// <param name="FrameTimestamp">The triggering frame's arrival, in Stopwatch ticks.</param>
public sealed record CameraAlert(
    Guid AlertId,
    string Camera,
    string Rule,
    EventType Type,
    AlertPhase Phase,
    DateTimeOffset At,
    DateTimeOffset StartedAt,
    string? Zone,
    IReadOnlyDictionary<string, string> Attributes,
    long FrameTimestamp)
{
    /// <summary>
    /// The frame it was raised or grew on, when the pipeline captures alert frames; the receiver owns it and disposes
    /// it once the snapshot is made. Null on cleared alerts.
    /// </summary>
    public AlertFrame? Frame { get; init; }
}
