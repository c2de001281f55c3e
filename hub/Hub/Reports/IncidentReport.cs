using System.Text.Json.Serialization;
using EdgeSecurity.Hub.Places;

namespace EdgeSecurity.Hub.Reports;

/// <summary>A count under a key (a type code, a warning level, a place), with the names to show for it.</summary>
public sealed record CountRow(string Key, string NameZh, string NameEn, int Count);

/// <summary>Minutes from the hub receiving an incident to its first acknowledgement, and to its resolution.</summary>
public sealed record DurationStats(int Count, double? P50Minutes, double? P90Minutes, double? MaxMinutes);

/// <summary>
/// Where incidents were closed off (resolved or declared false alarms), by the tier that owned them then, and the
/// seeds' targets: at least 90% at or below the street/town, at least 99% at or below the county.
/// </summary>
public sealed record TierShare(EscalationTier Tier, int Finished, double ShareAtOrBelow);

public sealed record DeviceFalseAlarms(string GatewayId, string DeviceId, string PlacePath, int Incidents, int FalseAlarms, double Rate);

/// <summary>
/// The weekly, monthly or quarterly analysis of one place: the property company's and the street/town's view of how
/// incidents were handled. Computed from the incidents that occurred in the period and their audit trails.
/// </summary>
public sealed record IncidentReport(
    string PlaceId,
    string PlaceName,
    PlaceLevel PlaceLevel,
    ReportPeriodKind Period,
    string Label,
    DateTimeOffset From,
    DateTimeOffset To,
    DateTimeOffset GeneratedAt,
    int Incidents,
    int Events,
    IReadOnlyList<CountRow> ByType,
    IReadOnlyList<CountRow> ByLevel,
    IReadOnlyList<CountRow> ByPlace,
    DurationStats Response,
    DurationStats Resolution,
    IReadOnlyList<TierShare> ResolvedByTier,
    bool MeetsStreetTarget,
    bool MeetsCountyTarget,
    IReadOnlyList<DeviceFalseAlarms> FalseAlarmsByDevice,
    IReadOnlyList<CountRow> TopRecurringPlaces)
{
    public const double StreetTarget = 0.90;
    public const double CountyTarget = 0.99;

    [JsonIgnore]
    public string FileStem => $"report-{PlaceId}-{Label}";
}
