namespace EdgeSecurity.Bindings.Gpiod;

/// <summary>The monotonic clock that <see cref="GpioEdge.Timestamp"/> is read on.</summary>
public static class GpioClock
{
    /// <summary>
    /// Now on the edge clock. With <see cref="TimeProvider.System"/> on Linux this is CLOCK_MONOTONIC, the clock
    /// of the kernel's edge timestamps; with a test's time provider it is that provider's timestamp.
    /// </summary>
    public static TimeSpan Now(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);

        // Int128: a nanosecond timestamp times TicksPerSecond overflows a long after about 15 minutes of uptime.
        return TimeSpan.FromTicks((long)((Int128)time.GetTimestamp() * TimeSpan.TicksPerSecond / time.TimestampFrequency));
    }

    /// <summary>
    /// The wall-clock time of an edge: now on the wall clock, less the time elapsed on the edge clock since the edge.
    /// The monotonic clock has no fixed relation to the wall clock (NTP steps it), so the two are related at the moment of the call.
    /// </summary>
    public static DateTimeOffset ToWallClock(TimeSpan timestamp, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return time.GetUtcNow() - (Now(time) - timestamp);
    }
}
