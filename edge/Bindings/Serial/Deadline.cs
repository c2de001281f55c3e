using System.Diagnostics;

namespace EdgeSecurity.Bindings.Serial;

/// <summary>Timeouts turned into Stopwatch timestamps, so that loops of partial reads or writes share one time limit.</summary>
internal static class Deadline
{
    public const long Never = long.MaxValue;

    public static long After(TimeSpan timeout)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
            return Never;
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        return Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
    }

    public static bool HasPassed(long deadline) => Stopwatch.GetTimestamp() >= deadline;

    /// <summary>Nanoseconds left, at least 0; only for a deadline other than <see cref="Never"/>.</summary>
    public static long NanosecondsLeft(long deadline)
    {
        var ticks = Math.Max(0, deadline - Stopwatch.GetTimestamp());
        return (long)(ticks * (1_000_000_000.0 / Stopwatch.Frequency));
    }
}
