using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Places;

namespace EdgeSecurity.Hub.Reports;

/// <summary>Turns a period's incidents into the report's figures; pure, so every figure is testable from given incidents.</summary>
public static class ReportBuilder
{
    private const int TopPlaces = 10;
    private const int TopDevices = 20;

    public static IncidentReport Build(SitePlace place, ReportPeriod period, IReadOnlyList<ReportedIncident> incidents, Func<string, string> communityName, DateTimeOffset generatedAt)
    {
        var finished = incidents.Where(i => i.FinishedAtTier is not null).ToList();
        var shares = Enum.GetValues<EscalationTier>()
            .Select(tier => new TierShare(tier, finished.Count(i => i.FinishedAtTier == tier),
                finished.Count == 0 ? 1 : (double)finished.Count(i => i.FinishedAtTier <= tier) / finished.Count))
            .ToList();

        return new IncidentReport(
            place.Id, place.Name, place.Level, period.Kind, period.Label, period.From, period.To, generatedAt,
            incidents.Count,
            incidents.Sum(i => i.Events),
            [.. incidents.GroupBy(i => i.Type).Select(g => TypeRow(g.Key, g.Count())).OrderByDescending(r => r.Count).ThenBy(r => r.Key, StringComparer.Ordinal)],
            [.. Enum.GetValues<WarningLevel>().Reverse().Select(l => new CountRow(((int)l).ToString(System.Globalization.CultureInfo.InvariantCulture), LevelZh(l), l.ToString(), incidents.Count(i => i.Level == l)))],
            [.. incidents.GroupBy(i => i.Community).Select(g => new CountRow(g.Key, communityName(g.Key), communityName(g.Key), g.Count())).OrderByDescending(r => r.Count).ThenBy(r => r.Key, StringComparer.Ordinal)],
            Durations(incidents.Where(i => i.AcknowledgedAt is not null).Select(i => i.AcknowledgedAt!.Value - i.ReceivedAt)),
            Durations(finished.Select(i => i.FinishedAt!.Value - i.ReceivedAt)),
            shares,
            shares.Single(s => s.Tier == EscalationTier.Street).ShareAtOrBelow >= IncidentReport.StreetTarget,
            shares.Single(s => s.Tier == EscalationTier.County).ShareAtOrBelow >= IncidentReport.CountyTarget,
            [.. incidents.GroupBy(i => (i.GatewayId, i.DeviceId))
                .Select(g => new DeviceFalseAlarms(g.Key.GatewayId, g.Key.DeviceId, g.First().PlacePath, g.Count(), g.Count(i => i.FalseAlarm), (double)g.Count(i => i.FalseAlarm) / g.Count()))
                .Where(d => d.FalseAlarms > 0)
                .OrderByDescending(d => d.Rate).ThenByDescending(d => d.FalseAlarms).ThenBy(d => d.DeviceId, StringComparer.Ordinal)
                .Take(TopDevices)],
            [.. incidents.GroupBy(i => i.PlacePath).Select(g => new CountRow(g.Key, g.Key, g.Key, g.Sum(i => i.Events)))
                .OrderByDescending(r => r.Count).ThenBy(r => r.Key, StringComparer.Ordinal).Take(TopPlaces)]);
    }

    private static CountRow TypeRow(string code, int count) =>
        EventTypes.Find(code) is { } type ? new CountRow(code, type.NameZh, type.NameEn, count) : new CountRow(code, code, code, count);

    private static string LevelZh(WarningLevel level) => level switch
    {
        WarningLevel.Alarm => "三级（紧急）",
        WarningLevel.Warning => "二级（重要）",
        _ => "一级（一般）",
    };

    /// <summary>Nearest-rank percentiles, in minutes.</summary>
    private static DurationStats Durations(IEnumerable<TimeSpan> durations)
    {
        var minutes = durations.Select(d => d.TotalMinutes).Order().ToList();
        if (minutes.Count == 0)
            return new DurationStats(0, null, null, null);
        double Percentile(double p) => minutes[Math.Max(0, (int)Math.Ceiling(p * minutes.Count) - 1)];
        return new DurationStats(minutes.Count, Math.Round(Percentile(0.5), 1), Math.Round(Percentile(0.9), 1), Math.Round(minutes[^1], 1));
    }
}
