using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Places;
using EdgeSecurity.Hub.Reports;

namespace EdgeSecurity.Hub.Tests.Reports;

public sealed class ReportFiguresTests
{
    private static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly DateTimeOffset T0 = new(2026, 11, 16, 2, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(ReportPeriodKind.Weekly, "2026-11-18", "2026-11-16", "2026-W47")]
    [InlineData(ReportPeriodKind.Weekly, "2026-11-22", "2026-11-16", "2026-W47")]
    [InlineData(ReportPeriodKind.Monthly, "2026-11-30", "2026-11-01", "2026-11")]
    [InlineData(ReportPeriodKind.Quarterly, "2026-11-30", "2026-10-01", "2026-Q4")]
    public void A_period_starts_on_monday_or_the_first_day_at_local_midnight(ReportPeriodKind kind, string day, string first, string label)
    {
        var period = ReportPeriod.Containing(kind, DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), China);

        Assert.Equal(DateOnly.Parse(first, System.Globalization.CultureInfo.InvariantCulture), period.FirstDay);
        Assert.Equal(label, period.Label);
        Assert.Equal(new DateTimeOffset(period.FirstDay.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)), period.From);
    }

    [Fact]
    public void Figures_count_tiers_percentiles_false_alarms_and_places_as_the_seeds_measure_them()
    {
        var incidents = new List<ReportedIncident>();
        for (var i = 0; i < 18; i++)
            incidents.Add(Incident($"door-{i % 3}", EventTypes.DoorForcedOpen, ack: i + 1, finish: 30, EscalationTier.Community));
        incidents.Add(Incident("smoke-1", EventTypes.SmokeAlarm, ack: 50, finish: 120, EscalationTier.Street));
        incidents.Add(Incident("smoke-2", EventTypes.SmokeAlarm, ack: 60, finish: 240, EscalationTier.County) with { FalseAlarm = true });
        incidents.Add(Incident("smoke-2", EventTypes.SmokeAlarm, ack: null, finish: null, null));
        var period = ReportPeriod.Containing(ReportPeriodKind.Weekly, new DateOnly(2026, 11, 18), China);

        var report = ReportBuilder.Build(new SitePlace("st-wenxin", "ct-xihu", PlaceLevel.Street, "文新街道", null), period, incidents, id => id, T0);

        Assert.Equal(21, report.Incidents);
        Assert.Equal([("security.door_forced_open", 18), ("fire.smoke_alarm", 3)], report.ByType.Select(r => (r.Key, r.Count)));
        Assert.Equal(20, report.Response.Count);
        Assert.Equal(10, report.Response.P50Minutes);
        Assert.Equal(18, report.Response.P90Minutes);
        Assert.Equal(60, report.Response.MaxMinutes);
        Assert.Equal(20, report.Resolution.Count);
        Assert.Equal([18, 1, 1], report.ResolvedByTier.Select(s => s.Finished));
        Assert.Equal(0.95, report.ResolvedByTier[1].ShareAtOrBelow, 6);
        Assert.True(report.MeetsStreetTarget);
        Assert.True(report.MeetsCountyTarget);
        var noisy = Assert.Single(report.FalseAlarmsByDevice);
        Assert.Equal(("smoke-2", 2, 1, 0.5), (noisy.DeviceId, noisy.Incidents, noisy.FalseAlarms, noisy.Rate));
    }

    [Fact]
    public void The_street_target_is_missed_when_more_than_a_tenth_goes_up_to_the_county()
    {
        var incidents = Enumerable.Range(0, 10).Select(i => Incident($"d-{i}", EventTypes.DoorTamper, 1, 2, i < 8 ? EscalationTier.Community : EscalationTier.County)).ToList();
        var period = ReportPeriod.Containing(ReportPeriodKind.Monthly, new DateOnly(2026, 11, 18), China);

        var report = ReportBuilder.Build(new SitePlace("cm-demo", "st-wenxin", PlaceLevel.Community, "阳光花园", null), period, incidents, id => id, T0);

        Assert.False(report.MeetsStreetTarget);
        Assert.True(report.MeetsCountyTarget);
        Assert.Contains("未达标 missed", ReportHtml.Render(report), StringComparison.Ordinal);
    }

    private static ReportedIncident Incident(string device, EventType type, int? ack, int? finish, EscalationTier? tier) =>
        new("cm-demo", "gw-demo-01", device, $"cm-demo/grid-01/{device}", type.Code, type.DefaultLevel, 1, T0,
            ack is null ? null : T0.AddMinutes(ack.Value), finish is null ? null : T0.AddMinutes(finish.Value), tier, false);
}
