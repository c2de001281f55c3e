namespace EdgeSecurity.Bindings.Gpiod;

/// <summary>
/// Decides, from edge timestamps alone, which level changes are real: a level counts once it has held for the
/// debounce time. Edges that turn out to be bounce are dropped; a burst that ends where it began reports nothing.
/// </summary>
/// <remarks>
/// The edge reported for a new level carries the timestamp of the first edge of the burst that led to it: the
/// moment the contact first left the old level, which is when the door or relay actually moved. The chatter after
/// it is the contact settling, not a later event; stamping the last edge would add the bounce duration to every
/// event time, and stamping the moment of settling would add the debounce time. The debounce time still delays
/// when the edge is delivered; it does not change when the edge is said to have happened.
/// </remarks>
internal sealed class Debouncer(TimeSpan debounceTime, bool stableValue)
{
    private bool _value = stableValue;
    private bool _unsettled;
    private TimeSpan _lastEdgeAt;
    private TimeSpan? _burstStartedAt;

    /// <summary>The level last reported (at first, the level the line had when debouncing started).</summary>
    public bool StableValue { get; private set; } = stableValue;

    /// <summary>When the current level will have held for the debounce time; null when no edge is waiting for that.</summary>
    public TimeSpan? SettlesAt => _unsettled ? _lastEdgeAt + debounceTime : null;

    /// <summary>Takes the next raw edge.</summary>
    /// <returns>The previous level, if this edge shows that it held for the debounce time and it differs from the last one reported.</returns>
    public GpioEdge? Add(GpioEdge edge)
    {
        var settled = Settle(edge.Timestamp);
        _value = edge.Value;
        _lastEdgeAt = edge.Timestamp;
        _unsettled = true;
        if (_value != StableValue)
        {
            _burstStartedAt ??= edge.Timestamp;
        }

        return settled;
    }

    /// <summary>Called when the time given by <see cref="SettlesAt"/> has come without a further edge.</summary>
    /// <returns>The new level, if it has held for the debounce time by <paramref name="now"/> and differs from the last one reported.</returns>
    public GpioEdge? Settle(TimeSpan now)
    {
        if (!_unsettled || now - _lastEdgeAt < debounceTime)
        {
            return null;
        }

        _unsettled = false;
        var burstStartedAt = _burstStartedAt;
        _burstStartedAt = null;
        if (_value == StableValue)
        {
            return null;
        }

        StableValue = _value;
        return GpioEdge.To(_value, burstStartedAt!.Value);
    }
}
