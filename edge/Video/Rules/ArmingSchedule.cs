using System.Globalization;

namespace EdgeSecurity.Video;

/// <summary>
/// When a rule is armed: daily windows of local time such as 22:00-06:00 (a window may pass midnight). A rule without
/// a schedule is always armed.
/// </summary>
public sealed class ArmingSchedule
{
    private readonly IReadOnlyList<(TimeOnly From, TimeOnly To)> _windows;
    private readonly TimeZoneInfo _timeZone;

    public ArmingSchedule(IReadOnlyList<(TimeOnly From, TimeOnly To)> windows, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(windows);
        if (windows.Count == 0)
            throw new ArgumentException("A schedule needs at least one window.", nameof(windows));
        _windows = windows;
        _timeZone = timeZone;
    }

    /// <summary>Parses windows written <c>HH:mm-HH:mm</c>; returns null and a reason for a bad one.</summary>
    public static (TimeOnly From, TimeOnly To)? ParseWindow(string text, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        problem = null;
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length == 2
            && TimeOnly.TryParseExact(parts[0], "H:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
            && TimeOnly.TryParseExact(parts[1], "H:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to))
        {
            if (from != to)
                return (from, to);
            problem = $"the window '{text}' starts and ends at the same time";
            return null;
        }
        problem = $"'{text}' is not a time window";
        return null;
    }

    public bool IsArmed(DateTimeOffset at)
    {
        var time = TimeOnly.FromTimeSpan(TimeZoneInfo.ConvertTime(at, _timeZone).TimeOfDay);
        return _windows.Any(w => w.From < w.To ? time >= w.From && time < w.To : time >= w.From || time < w.To);
    }
}
