using System.Globalization;

namespace EdgeSecurity.Agent.Schedules;

/// <summary>
/// A daily span of local time, on some weekdays or every day, written <c>23:00-06:00</c> or <c>mon-fri 08:00-18:00</c>.
/// A span that ends at or before it starts runs past midnight; its weekdays are those on which it starts, so
/// <c>fri 23:00-06:00</c> covers Friday night into Saturday morning.
/// </summary>
public sealed record TimeRange(TimeOnly From, TimeOnly To, IReadOnlySet<DayOfWeek>? Days)
{
    public const string Format = "'HH:mm-HH:mm' with optional weekdays before it, e.g. '23:00-06:00' or 'mon-fri 08:00-18:00' or 'sat,sun 00:00-00:00' (whole days)";

    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    public bool Contains(DateTime local)
    {
        var time = TimeOnly.FromDateTime(local);
        if (From < To)
            return time >= From && time < To && OnDay(local.DayOfWeek);
        // Past midnight (or a whole day when From == To): the evening part belongs to today, the morning part to yesterday.
        if (time >= From)
            return OnDay(local.DayOfWeek);
        return time < To && OnDay(local.AddDays(-1).DayOfWeek);
    }

    private bool OnDay(DayOfWeek day) => Days is null || Days.Contains(day);

    public static bool TryParse(string text, out TimeRange range)
    {
        range = null!;
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is 0 or > 2)
            return false;
        HashSet<DayOfWeek>? days = null;
        if (parts.Length == 2 && !TryParseDays(parts[0], out days))
            return false;
        var times = parts[^1].Split('-');
        if (times.Length != 2
            || !TimeOnly.TryParseExact(times[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
            || !TimeOnly.TryParseExact(times[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to))
            return false;
        range = new TimeRange(from, to, days);
        return true;
    }

    private static bool TryParseDays(string text, out HashSet<DayOfWeek>? days)
    {
        days = [];
        foreach (var item in text.Split(','))
        {
            var bounds = item.Split('-');
            var first = Array.IndexOf(DayNames, bounds[0].ToLowerInvariant());
            var last = bounds.Length == 2 ? Array.IndexOf(DayNames, bounds[1].ToLowerInvariant()) : first;
            if (bounds.Length > 2 || first < 0 || last < 0)
                return false;
            for (var day = first; ; day = (day + 1) % 7)
            {
                days.Add((DayOfWeek)day);
                if (day == last)
                    break;
            }
        }
        return true;
    }

    public override string ToString()
    {
        var days = Days is null ? "" : string.Join(',', Days.Order().Select(d => DayNames[(int)d])) + " ";
        return $"{days}{From:HH\\:mm}-{To:HH\\:mm}";
    }
}
