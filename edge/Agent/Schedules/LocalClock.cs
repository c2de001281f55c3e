namespace EdgeSecurity.Agent.Schedules;

/// <summary>The gateway's wall clock in its configured time zone, where schedules, quiet hours and maintenance windows are read.</summary>
public sealed class LocalClock(TimeProvider time, TimeZoneInfo zone)
{
    public TimeProvider Time { get; } = time;

    public DateTime ToLocal(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, zone).DateTime;

    public bool InAny(IReadOnlyList<TimeRange> ranges, DateTimeOffset at)
    {
        var local = ToLocal(at);
        return ranges.Any(range => range.Contains(local));
    }
}
