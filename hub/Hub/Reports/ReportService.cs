using EdgeSecurity.Hub.Places;
using EdgeSecurity.Hub.Site;

namespace EdgeSecurity.Hub.Reports;

/// <summary>Builds the report of one place and period from the stored incidents of every community at or below the place.</summary>
public sealed class ReportService(ReportSource source, SiteDirectory site, TimeProvider clock, IConfiguration configuration)
{
    public const string TimeZoneKey = "Hub:Reports:TimeZone";

    /// <summary>Periods are local to the communities served: China Standard Time unless configured.</summary>
    public TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById(configuration[TimeZoneKey] is { Length: > 0 } zone ? zone : "Asia/Shanghai");

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone).DateTime);

    public async Task<IncidentReport?> BuildAsync(string placeId, ReportPeriod period, CancellationToken ct)
    {
        var current = site.Current;
        if (current.Place(placeId) is not { } place)
            return null;
        var communities = current.CommunitiesWithin([placeId]);
        var incidents = await source.ReadAsync(communities, period.From, period.To, ct).ConfigureAwait(false);
        return ReportBuilder.Build(place, period, incidents, id => current.Place(id)?.Name ?? id, clock.GetUtcNow());
    }
}
