namespace EdgeSecurity.Hub.Reports;

public enum ReportPeriodKind { Weekly, Monthly, Quarterly }

/// <summary>
/// One reporting period in local time (weeks start on Monday; months and quarters on their first day), held as the
/// UTC instants that bound it: from inclusive, to exclusive.
/// </summary>
public sealed record ReportPeriod(ReportPeriodKind Kind, DateOnly FirstDay, DateTimeOffset From, DateTimeOffset To)
{
    /// <summary>The period of <paramref name="kind"/> that contains <paramref name="day"/>.</summary>
    public static ReportPeriod Containing(ReportPeriodKind kind, DateOnly day, TimeZoneInfo zone)
    {
        var first = kind switch
        {
            ReportPeriodKind.Weekly => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
            ReportPeriodKind.Monthly => new DateOnly(day.Year, day.Month, 1),
            _ => new DateOnly(day.Year, ((day.Month - 1) / 3 * 3) + 1, 1),
        };
        var next = kind switch
        {
            ReportPeriodKind.Weekly => first.AddDays(7),
            ReportPeriodKind.Monthly => first.AddMonths(1),
            _ => first.AddMonths(3),
        };
        return new ReportPeriod(kind, first, StartOf(first, zone), StartOf(next, zone));
    }

    /// <summary>The period just before this one.</summary>
    public ReportPeriod Previous(TimeZoneInfo zone) => Containing(Kind, FirstDay.AddDays(-1), zone);

    /// <summary>"2026-W47", "2026-11", "2026-Q4": in file names and titles.</summary>
    public string Label => Kind switch
    {
        ReportPeriodKind.Weekly => $"{System.Globalization.ISOWeek.GetYear(FirstDay.ToDateTime(TimeOnly.MinValue))}-W{System.Globalization.ISOWeek.GetWeekOfYear(FirstDay.ToDateTime(TimeOnly.MinValue)):00}",
        ReportPeriodKind.Monthly => $"{FirstDay:yyyy-MM}",
        _ => $"{FirstDay.Year}-Q{((FirstDay.Month - 1) / 3) + 1}",
    };

    private static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
